package org.consignmenthub.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.EventBatch;
import org.consignmenthub.intake.DeadLetters;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records batches that exhausted their redeliveries (the database was unreachable, for
 * example) in the dead-letter store, one entry per record, so that none is lost and
 * support staff can see and replay them.
 */
public class ParkedBatches {

    private final DeadLetters deadLetters;
    private final JdbcTemplate jdbc;

    public ParkedBatches(DeadLetters deadLetters, JdbcTemplate jdbc) {
        this.deadLetters = deadLetters;
        this.jdbc = jdbc;
    }

    public void record(String batchJson) throws JsonProcessingException {
        EventBatch batch = CanonicalJson.mapper().readValue(batchJson, EventBatch.class);
        for (EventBatch.Record record : batch.records()) {
            deadLetters.store(new DeadLetters.Entry(batch.inboundMessageId(), batch.channel(),
                    batch.account(), batch.sourceRef(), record.recordRef(), "PROCESSING",
                    null, "REDELIVERY_EXHAUSTED", "the batch failed every redelivery",
                    record.rawRecord(), null,
                    CanonicalJson.mapper()
                            .writerFor(new TypeReference<List<CanonicalEvent>>() { })
                            .writeValueAsString(record.events())));
        }
        // The message is accounted for: its parked records are in the dead-letter store.
        jdbc.update("""
                update inbound_message set batches_done = batches_done + 1,
                    status = case when batches_done + 1 >= batches_sent then 'COMPLETE'
                             else status end,
                    completed_at = case when batches_done + 1 >= batches_sent
                             then clock_timestamp() end
                where id = ?""", batch.inboundMessageId());
    }
}
