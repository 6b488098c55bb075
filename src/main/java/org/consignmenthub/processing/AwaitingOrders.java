package org.consignmenthub.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.EventBatch;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records that revise an order the hub has not seen placed yet. They are kept, not
 * refused, until the order arrives or the waiting budget runs out.
 */
class AwaitingOrders {

    private static final TypeReference<List<CanonicalEvent>> EVENTS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;

    AwaitingOrders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A waiting record with the message it came in, as its batch named it. */
    record Waiting(long id, String legalEntity, String orderRef, Instant parkedAt,
            EventBatch batch) {

        EventBatch.Record record() {
            return batch.records().get(0);
        }
    }

    /**
     * Keeps the record; true if it was not waiting already (then it keeps its first time
     * of waiting).
     */
    boolean park(EventBatch batch, EventBatch.Record record, String orderRef, Instant now) {
        CanonicalEvent first = record.events().get(0);
        return 1 == jdbc.update("""
                insert into awaiting_order (legal_entity, channel, account, order_ref,
                    first_event_key, inbound_message_id, source_ref, record_ref, raw_record,
                    events_json, parked_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (first_event_key) do nothing""",
                first.key().legalEntity(), batch.channel(), batch.account(), orderRef,
                first.key().toString(), batch.inboundMessageId(), batch.sourceRef(),
                record.recordRef(), record.rawRecord(),
                CanonicalJson.eventsJson(record.events()), Timestamp.from(now));
    }

    /**
     * Whether the record already waited out its budget once: its refusal as
     * ORDER_NOT_FOUND is in the dead-letter store and not set aside.
     */
    boolean waitedBefore(CanonicalEvent first) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from dead_letter where event_key = ?
                    and reason_code = 'ORDER_NOT_FOUND' and status in ('OPEN', 'REPLAYING'))""",
                Boolean.class, first.key().toString()));
    }

    List<Waiting> forOrder(String legalEntity, String channel, String orderRef) {
        return jdbc.query(SELECT + """
                 where legal_entity = ? and channel = ? and order_ref = ?
                order by parked_at, id""", this::waiting, legalEntity, channel, orderRef);
    }

    /** Every waiting record, locked for this transaction; others' locked rows are passed. */
    List<Waiting> all() {
        return jdbc.query(SELECT + " order by parked_at, id for update skip locked",
                this::waiting);
    }

    void remove(long id) {
        jdbc.update("delete from awaiting_order where id = ?", id);
    }

    private static final String SELECT = """
            select id, legal_entity, channel, account, order_ref, inbound_message_id,
                source_ref, record_ref, raw_record, events_json, parked_at
            from awaiting_order""";

    private Waiting waiting(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        List<CanonicalEvent> events;
        try {
            events = CanonicalJson.mapper().readValue(rs.getString(10), EVENTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("waiting record " + rs.getLong(1)
                    + " holds events this hub cannot read", e);
        }
        EventBatch.Record record = new EventBatch.Record(rs.getString(8), rs.getString(9),
                events);
        EventBatch batch = new EventBatch(rs.getLong(6), rs.getString(3), rs.getString(4),
                rs.getString(7), null, List.of(record));
        return new Waiting(rs.getLong(1), rs.getString(2), rs.getString(5),
                rs.getTimestamp(11).toInstant(), batch);
    }
}
