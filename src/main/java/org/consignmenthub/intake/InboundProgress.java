package org.consignmenthub.intake;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far an inbound message has got: it is complete once every batch cut from it has been
 * settled, applied or parked in the dead-letter store. Callers settle a batch in the same
 * transaction that settles its records.
 */
public class InboundProgress {

    private final JdbcTemplate jdbc;

    public InboundProgress(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void batchSettled(long inboundMessageId) {
        jdbc.update("""
                update inbound_message set batches_done = batches_done + 1,
                    status = case when batches_done + 1 >= batches_sent then 'COMPLETE'
                             else status end,
                    completed_at = case when batches_done + 1 >= batches_sent
                             then clock_timestamp() end
                where id = ?""", inboundMessageId);
    }
}
