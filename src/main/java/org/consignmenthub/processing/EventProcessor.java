package org.consignmenthub.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.EventBatch;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
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
 *
 * <p>A record revising an order that was not placed yet waits for it: it is applied in the
 * transaction that places the order, or refused as {@code ORDER_NOT_FOUND} once it has
 * waited longer than the waiting budget.
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
    private final AwaitingOrders awaiting;
    private final Clock clock;
    private final Duration waitingBudget;

    public EventProcessor(JdbcTemplate jdbc, TransactionTemplate transaction,
            ConsignmentCycle cycle, DeadLetters deadLetters, InboundProgress progress,
            MeterRegistry meters, Clock clock, Duration waitingBudget) {
        this.awaiting = new AwaitingOrders(jdbc);
        this.clock = clock;
        this.waitingBudget = waitingBudget;
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

    /** What became of a record. */
    private enum Outcome { APPLIED, REFUSED, WAITING }

    private Outcome applyRecord(EventBatch batch, EventBatch.Record record,
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
        } catch (OrderNotPlacedYet notYet) {
            status.rollbackToSavepoint(savepoint);
            status.releaseSavepoint(savepoint);
            return waitForOrder(batch, record, notYet.orderRef());
        } catch (Refusal refusal) {
            status.rollbackToSavepoint(savepoint);
            status.releaseSavepoint(savepoint);
            park(batch, record, current, refusal.field(), refusal.reasonCode(),
                    refusal.getMessage());
            return Outcome.REFUSED;
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
            return Outcome.REFUSED;
        }

        for (String orderRef : ordersPlacedBy(record)) {
            applyWaiting(record.events().get(0).key().legalEntity(), batch.channel(), orderRef,
                    status);
        }
        return Outcome.APPLIED;
    }

    /**
     * Keeps a record whose order was not placed yet until it is. A record that waited out
     * its budget once and is replayed from the dead-letter store while its order is still
     * missing does not wait again out of sight: it is refused at once and stays open.
     */
    private Outcome waitForOrder(EventBatch batch, EventBatch.Record record,
            String orderRef) {
        CanonicalEvent first = record.events().get(0);
        if (awaiting.waitedBefore(first)) {
            park(batch, record, first, "orderRef", "ORDER_NOT_FOUND", "no order " + orderRef
                    + " was placed by channel " + batch.channel() + " yet; this revision of it"
                    + " waited " + waitingBudget.toMinutes() + " minutes before");
            return Outcome.REFUSED;
        }

        if (awaiting.park(batch, record, orderRef, clock.instant())) {
            log.info("Record waits for its order channel={} order={} record={}",
                    batch.channel(), orderRef, record.recordRef());
        }
        return Outcome.WAITING;
    }

    /** The orders whose lines a record may have placed. */
    private static Set<String> ordersPlacedBy(EventBatch.Record record) {
        Set<String> orders = new LinkedHashSet<>();
        for (CanonicalEvent event : record.events()) {
            if (event instanceof OrderPlaced e) {
                orders.add(e.orderRef());
            } else if (event instanceof SaleCompleted e) {
                orders.add(e.orderRef());
            } else if (event instanceof ShipmentConfirmed e) {
                orders.add(e.orderRef());
            }
        }
        return orders;
    }

    /** Applies the records that waited for this order, in the order they came. */
    private void applyWaiting(String legalEntity, String channel, String orderRef,
            TransactionStatus status) {
        for (AwaitingOrders.Waiting waiting : awaiting.forOrder(legalEntity, channel,
                orderRef)) {
            Outcome outcome = applyRecord(waiting.batch(), waiting.record(), status);
            if (outcome != Outcome.WAITING) {
                awaiting.remove(waiting.id());
                log.info("Waiting record settled channel={} order={} record={} outcome={}",
                        channel, orderRef, waiting.record().recordRef(), outcome);
            }
        }
    }

    /**
     * Tries every waiting record again (its order may have come through another instance)
     * and refuses, as {@code ORDER_NOT_FOUND}, those that waited longer than the budget.
     */
    public void settleWaiting() {
        transaction.executeWithoutResult(status -> {
            Instant now = clock.instant();
            for (AwaitingOrders.Waiting waiting : awaiting.all()) {
                if (applyRecord(waiting.batch(), waiting.record(), status) != Outcome.WAITING) {
                    awaiting.remove(waiting.id());
                } else if (!waiting.parkedAt().plus(waitingBudget).isAfter(now)) {
                    awaiting.remove(waiting.id());
                    park(waiting.batch(), waiting.record(), waiting.record().events().get(0),
                            "orderRef", "ORDER_NOT_FOUND", "no order " + waiting.orderRef()
                                    + " was placed by channel " + waiting.batch().channel()
                                    + " within " + waitingBudget.toMinutes() + " minutes of"
                                    + " this revision of it arriving (since "
                                    + waiting.parkedAt() + ")");
                    log.warn("Waiting record refused channel={} order={} record={}"
                            + " reason=ORDER_NOT_FOUND", waiting.batch().channel(),
                            waiting.orderRef(), waiting.record().recordRef());
                }
            }
        });
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
