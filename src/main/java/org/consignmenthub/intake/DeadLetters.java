package org.consignmenthub.intake;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dead-letter store: every record that could not be accepted, with its raw text, the
 * stage that refused it, the field and the reason. A record refused again on redelivery
 * is counted as another attempt on the same entry, not stored twice.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final JdbcTemplate jdbc;

    public DeadLetters(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Where and why a record was refused. */
    public record Entry(long inboundMessageId, String channel, String account, String sourceRef,
            String recordRef, String stage, String field, String reasonCode, String reason,
            String rawRecord, String eventKey, String eventJson) {
    }

    public void store(Entry entry) {
        byte[] raw = entry.rawRecord() == null ? new byte[0]
                : entry.rawRecord().getBytes(StandardCharsets.UTF_8);
        String key = entry.eventKey() != null ? entry.eventKey()
                : entry.channel() + "/" + entry.account() + "/" + entry.recordRef() + "@"
                        + entry.inboundMessageId();
        jdbc.update("""
                insert into dead_letter (inbound_message_id, channel, account, source_ref,
                    record_ref, stage, field, reason_code, reason, raw_record, event_key,
                    event_json)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (event_key) do update set attempts = dead_letter.attempts + 1,
                    last_attempt_at = now(), reason = excluded.reason,
                    reason_code = excluded.reason_code, field = excluded.field""",
                entry.inboundMessageId() == 0 ? null : entry.inboundMessageId(),
                entry.channel(), entry.account(), entry.sourceRef(), entry.recordRef(),
                entry.stage(), entry.field(), entry.reasonCode(), entry.reason(), raw, key,
                entry.eventJson());
        log.warn("Record rejected channel={} account={} record={} stage={} field={}"
                + " reason={} detail={}", entry.channel(), entry.account(), entry.recordRef(),
                entry.stage(), entry.field(), entry.reasonCode(), entry.reason());
    }
}
