package org.consignmenthub.intake;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dead-letter store: every record that could not be accepted, with its raw text, the
 * stage that refused it, the field and the reason, whether trying again may help, and
 * what it puts at stake. A record refused again, on redelivery or on replay, is counted as
 * another attempt on the same entry, not stored twice; the entry keeps the delivery it
 * first came in, so its payload stays the one the partner sent.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** Refusals that trying again later may cure without anyone changing anything. */
    private static final Set<String> TRANSIENT = Set.of("REDELIVERY_EXHAUSTED");

    private final JdbcTemplate jdbc;
    private final Appraiser appraiser;
    private final TransactionTemplate nested;
    private final IntakeMeter meter;

    public DeadLetters(JdbcTemplate jdbc, TransactionTemplate nested, Appraiser appraiser,
            IntakeMeter meter) {
        this.nested = nested;
        this.jdbc = jdbc;
        this.appraiser = appraiser;
        this.meter = meter;
    }

    /** Where and why a record was refused. */
    public record Entry(long inboundMessageId, String channel, String account, String sourceRef,
            String recordRef, String stage, String field, String reasonCode, String reason,
            String rawRecord, String eventKey, String eventJson) {
    }

    /**
     * What a refused record puts at stake: money (with its currency) and the moment it is
     * due by; any part may be unknown.
     */
    public record Impact(BigDecimal amount, String currency, Instant urgentBy, String sku,
            String vendor) {

        public static final Impact UNKNOWN = new Impact(null, null, null, null, null);
    }

    /** Puts a figure on a refused record, from its canonical events if it has any. */
    @FunctionalInterface
    public interface Appraiser {
        Impact appraise(Entry entry);
    }

    /**
     * PostgreSQL text cannot hold a zero character, and a reason may quote the bad input;
     * the raw record keeps the exact bytes, the descriptions show the zero as U+FFFD.
     */
    private static String text(String value) {
        return value == null ? null : value.replace('\u0000', '\uFFFD');
    }

    public static String errorClass(String reasonCode) {
        return TRANSIENT.contains(reasonCode) ? "TRANSIENT" : "PERMANENT";
    }

    public void store(Entry entry) {
        byte[] raw = entry.rawRecord() == null ? new byte[0]
                : entry.rawRecord().getBytes(StandardCharsets.UTF_8);
        // A record is known by its event key, else by where it sat (channel, account, file
        // or request, line), so the same record delivered or replayed again finds its entry.
        // A key conflict from another place is a different record under a key already
        // taken: it gets an entry of its own, or it would count as another attempt of the
        // record it collided with.
        String place = entry.channel() + "/" + entry.account() + "/" + entry.recordRef();
        String key = entry.eventKey() == null ? place
                : "KEY_CONFLICT".equals(entry.reasonCode())
                        && !heldAt(entry.eventKey(), entry.recordRef())
                        ? entry.eventKey() + " @ " + place
                : entry.eventKey();
        Impact impact = appraise(entry);
        Long inboundId = entry.inboundMessageId() == 0 ? null : entry.inboundMessageId();
        Boolean created = jdbc.queryForObject("""
                insert into dead_letter (inbound_message_id, last_inbound_message_id, channel,
                    account, source_ref, record_ref, stage, field, reason_code, reason,
                    raw_record, event_key, event_json, error_class, impact_amount,
                    impact_currency, urgent_by, sku, vendor)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (event_key) do update set attempts = dead_letter.attempts + 1,
                    last_attempt_at = now(), reason = excluded.reason,
                    reason_code = excluded.reason_code, field = excluded.field,
                    stage = excluded.stage, error_class = excluded.error_class,
                    last_inbound_message_id = excluded.last_inbound_message_id,
                    event_json = coalesce(excluded.event_json, dead_letter.event_json),
                    impact_amount = coalesce(excluded.impact_amount, dead_letter.impact_amount),
                    impact_currency = coalesce(excluded.impact_currency,
                        dead_letter.impact_currency),
                    urgent_by = coalesce(excluded.urgent_by, dead_letter.urgent_by),
                    sku = coalesce(excluded.sku, dead_letter.sku),
                    vendor = coalesce(excluded.vendor, dead_letter.vendor),
                    -- A resolved entry stays resolved: its record went in (corrected,
                    -- perhaps), so the original refused again is no new fault.
                    status = case when dead_letter.status in ('DISCARDED', 'RESOLVED')
                        then dead_letter.status else 'OPEN' end,
                    resolved_at = case when dead_letter.status = 'RESOLVED'
                        then dead_letter.resolved_at end
                returning xmax = 0""", Boolean.class,
                inboundId, inboundId, text(entry.channel()), text(entry.account()),
                text(entry.sourceRef()), text(entry.recordRef()), entry.stage(),
                text(entry.field()), entry.reasonCode(), text(entry.reason()), raw, text(key),
                text(entry.eventJson()), errorClass(entry.reasonCode()), impact.amount(),
                impact.currency(), impact.urgentBy() == null ? null
                        : Timestamp.from(impact.urgentBy()),
                text(impact.sku()), text(impact.vendor()));

        meter.rejected(entry.channel(), entry.account(), entry.reasonCode());
        if (Boolean.TRUE.equals(created)) {
            meter.deadLettered(entry.channel(), entry.account(), entry.reasonCode());
        }
        log.warn("Record rejected channel={} account={} record={} stage={} field={}"
                + " reason={} detail={}", entry.channel(), entry.account(), entry.recordRef(),
                entry.stage(), entry.field(), entry.reasonCode(), entry.reason());
    }

    /** Whether the entry of this event key is the record at this place. */
    private boolean heldAt(String eventKey, String recordRef) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from dead_letter where event_key = ?
                    and record_ref = ?)""", Boolean.class, text(eventKey), text(recordRef)));
    }

    /**
     * A figure that cannot be worked out must not cost the record its place in the store.
     * The appraisal runs under a savepoint of its own: a statement the database refuses
     * (a value it cannot hold, say) would otherwise abort the transaction the entry is
     * written in, and with it the whole batch.
     */
    private Impact appraise(Entry entry) {
        try {
            return nested.execute(status -> appraiser.appraise(entry));
        } catch (RuntimeException unpriced) {
            log.warn("Impact not appraised record={} cause={}", entry.recordRef(),
                    unpriced.toString());
            return Impact.UNKNOWN;
        }
    }
}
