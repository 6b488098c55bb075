package org.consignmenthub.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.EventBatch;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.intake.DeadLetters;
import org.consignmenthub.intake.InboundProgress;
import org.consignmenthub.intake.Intake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies batches of canonical events, one database transaction per batch. Each record of
 * the batch is applied whole or not at all (a savepoint per record), so a refused record
 * does not hold up the others. Each event is applied once per key: a redelivered event is
 * recognised and changes nothing; a different event under a key already used is a conflict.
 */
public class EventProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventProcessor.class);

    private final MeterRegistry meters;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ConsignmentCycle cycle;
    private final DeadLetters deadLetters;
    private final InboundProgress progress;
    private final ObjectMapper json = CanonicalJson.mapper();

    public EventProcessor(JdbcTemplate jdbc, TransactionTemplate transaction,
            ConsignmentCycle cycle, DeadLetters deadLetters, InboundProgress progress,
            MeterRegistry meters) {
        this.meters = meters;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.cycle = cycle;
        this.deadLetters = deadLetters;
        this.progress = progress;
    }

    /** Entry point for the queue: the batch as JSON. */
    public void process(String batchJson) throws JsonProcessingException {
        process(json.readValue(batchJson, EventBatch.class));
    }

    public void process(EventBatch batch) {
        transaction.executeWithoutResult(status -> {
            for (EventBatch.Record record : batch.records()) {
                applyRecord(batch, record, status);
            }
            progress.batchSettled(batch.inboundMessageId());
        });
    }

    private void applyRecord(EventBatch batch, EventBatch.Record record,
            TransactionStatus status) {
        Object savepoint = status.createSavepoint();
        CanonicalEvent current = null;
        try {
            boolean applied = false;
            for (CanonicalEvent event : record.events()) {
                current = event;
                applied |= applyOnce(batch, event);
            }
            if (!applied && !record.events().isEmpty()) {
                countDuplicateOnCommit(batch);
            }
            status.releaseSavepoint(savepoint);
        } catch (Refusal refusal) {
            status.rollbackToSavepoint(savepoint);
            status.releaseSavepoint(savepoint);
            park(batch, record, current, refusal.field(), refusal.reasonCode(),
                    refusal.getMessage());
        } catch (RuntimeException failure) {
            if (FailureClass.of(failure) == FailureClass.TRANSIENT) {
                // The whole batch is tried again later; nothing of it is kept meanwhile.
                throw failure;
            }
            // The database refuses this record's values, or applying it hits a fault that
            // trying again cannot cure: the record is set aside, the rest of the batch goes.
            status.rollbackToSavepoint(savepoint);
            status.releaseSavepoint(savepoint);
            if (failure instanceof DataAccessException refused && refusedData(refused)) {
                SQLException cause = (SQLException) refused.getMostSpecificCause();
                log.warn("Record values refused by the database channel={} record={} key={}"
                        + " sqlState={} cause={}", batch.channel(), record.recordRef(),
                        current == null ? null : current.key(), cause.getSQLState(),
                        cause.getMessage());
                park(batch, record, current, null, "DATA_REJECTED",
                        RefusedValues.reason(cause));
            } else {
                log.error("Record failed channel={} record={} key={}", batch.channel(),
                        record.recordRef(), current == null ? null : current.key(), failure);
                park(batch, record, current, null, "PROCESSING_FAILED",
                        failure.getClass().getSimpleName() + ": " + failure.getMessage());
            }
        }
    }

    private void park(EventBatch batch, EventBatch.Record record, CanonicalEvent current,
            String field, String reasonCode, String reason) {
        deadLetters.store(new DeadLetters.Entry(batch.inboundMessageId(), batch.channel(),
                batch.account(), batch.sourceRef(), record.recordRef(), "PROCESSING", field,
                reasonCode, reason, record.rawRecord(),
                current == null ? null : current.key().toString(),
                CanonicalJson.eventsJson(record.events())));
    }

    /**
     * SQL states of class 22 (data exception), 23 (integrity) and 54 (a value beyond a
     * limit, such as an index row): the values are at fault, not the moment.
     */
    private static boolean refusedData(DataAccessException failure) {
        Throwable cause = failure.getMostSpecificCause();
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("22") || state.startsWith("23") || state.startsWith("54");
        }
        return false;
    }

    /**
     * A record all of whose events were applied before is a duplicate delivery: counted
     * per channel and account, once the transaction that found it commits.
     */
    private void countDuplicateOnCommit(EventBatch batch) {
        TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                meters.counter("hub.intake.duplicates", "channel", batch.channel(),
                        "account", batch.account()).increment();
            }
        });
    }

    /** Applies the event unless its key was applied before; true if it was applied now. */
    private boolean applyOnce(EventBatch batch, CanonicalEvent event) {
        EventKey key = event.key();
        String sha = Intake.sha256(toJson(event).getBytes(StandardCharsets.UTF_8));
        int claimed = jdbc.update("""
                insert into processed_event (legal_entity, channel, account, message_type,
                    external_id, revision, event_sha256, inbound_message_id, outcome)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'APPLIED') on conflict do nothing""",
                key.legalEntity(), key.channel(), key.account(), key.messageType(),
                key.externalId(), key.revision(), sha, batch.inboundMessageId());
        if (claimed == 0) {
            String earlier = jdbc.queryForObject("""
                    select event_sha256 from processed_event
                    where legal_entity = ? and channel = ? and account = ? and message_type = ?
                      and external_id = ? and revision = ?""",
                    String.class, key.legalEntity(), key.channel(), key.account(),
                    key.messageType(), key.externalId(), key.revision());
            if (!sha.equals(earlier)) {
                throw new Refusal("KEY_CONFLICT", "externalId", "event " + key
                        + " was applied before with different content");
            }
            log.info("Duplicate event ignored key={}", key);
            return false;
        }

        MDC.put("eventKey", key.toString());
        try {
            cycle.apply(event);
        } finally {
            MDC.remove("eventKey");
        }
        return true;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
