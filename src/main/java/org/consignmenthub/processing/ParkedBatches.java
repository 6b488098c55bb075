package org.consignmenthub.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.EventBatch;
import org.consignmenthub.intake.DeadLetters;
import org.consignmenthub.intake.Intake;
import org.consignmenthub.intake.InboundProgress;

/**
 * Records batches that exhausted their redeliveries (the database was unreachable, for
 * example) in the dead-letter store, one entry per record, so that none is lost and
 * support staff can see and replay them.
 */
public class ParkedBatches {

    private final DeadLetters deadLetters;
    private final InboundProgress progress;

    public ParkedBatches(DeadLetters deadLetters, InboundProgress progress) {
        this.deadLetters = deadLetters;
        this.progress = progress;
    }

    public void record(String batchJson) {
        EventBatch batch;
        try {
            batch = CanonicalJson.mapper().readValue(batchJson, EventBatch.class);
        } catch (JsonProcessingException unreadable) {
            // Not a batch this hub wrote: keep the message itself, whatever it holds.
            deadLetters.store(new DeadLetters.Entry(0, "unknown", "unknown", "queue",
                    "sha256:" + Intake.sha256(batchJson.getBytes(StandardCharsets.UTF_8)),
                    "PROCESSING", null, "UNREADABLE_BATCH",
                    "the queued message is not an event batch: "
                            + unreadable.getOriginalMessage(), batchJson, null, null));
            return;
        }
        for (EventBatch.Record record : batch.records()) {
            deadLetters.store(new DeadLetters.Entry(batch.inboundMessageId(), batch.channel(),
                    batch.account(), batch.sourceRef(), record.recordRef(), "PROCESSING",
                    null, "REDELIVERY_EXHAUSTED", "the batch failed every redelivery",
                    record.rawRecord(), firstKey(record),
                    CanonicalJson.eventsJson(record.events())));
        }
        // The message is accounted for: its parked records are in the dead-letter store.
        progress.batchSettled(batch.inboundMessageId());
    }

    /**
     * The key of the record's first event, which a refusal of that event on replay uses
     * too, so that both land on one entry.
     */
    private static String firstKey(EventBatch.Record record) {
        return record.events().isEmpty() ? null : record.events().get(0).key().toString();
    }
}
