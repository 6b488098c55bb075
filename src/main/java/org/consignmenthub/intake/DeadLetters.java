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

    /**
     * PostgreSQL text cannot hold a zero character, and a reason may quote the bad input;
     * the raw record keeps the exact bytes, the descriptions show the zero as U+FFFD.
     */
    private static String text(String value) {
        return value == null ? null : value.replace('\u0000', '\uFFFD');
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
                    reason_code = excluded.reason_code, field = excluded.field,
                    raw_record = excluded.raw_record, source_ref = excluded.source_ref,
                    inbound_message_id = excluded.inbound_message_id,
                    event_json = excluded.event_json""",
                entry.inboundMessageId() == 0 ? null : entry.inboundMessageId(),
                text(entry.channel()), text(entry.account()), text(entry.sourceRef()),
                text(entry.recordRef()), entry.stage(), text(entry.field()),
                entry.reasonCode(), text(entry.reason()), raw, text(key),
                text(entry.eventJson()));
        log.warn("Record rejected channel={} account={} record={} stage={} field={}"
                + " reason={} detail={}", entry.channel(), entry.account(), entry.recordRef(),
                entry.stage(), entry.field(), entry.reasonCode(), entry.reason());
    }
}
