package org.consignmenthub.intake;

import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far an inbound message has got: it is complete once every batch cut from it has been
 * settled, applied or parked in the dead-letter store. Callers settle a batch in the same
 * transaction that settles its records.
 */
public class InboundProgress {

    private final JdbcTemplate jdbc;
    private final IntakeMeter meter;

    public InboundProgress(JdbcTemplate jdbc, IntakeMeter meter) {
        this.jdbc = jdbc;
        this.meter = meter;
    }

    public void batchSettled(long inboundMessageId) {
        // The lag runs on the database's wall clock from when the payload was stored, so a
        // hub clock driven through historical data does not distort it.
        jdbc.query("""
                update inbound_message set batches_done = batches_done + 1,
                    status = case when batches_done + 1 >= batches_sent then 'COMPLETE'
                             else status end,
                    completed_at = case when batches_done + 1 >= batches_sent
                             then clock_timestamp() end
                where id = ?
                returning channel, account,
                    (extract(epoch from clock_timestamp() - stored_at) * 1000)::bigint""",
                rs -> {
                    meter.settled(rs.getString(1), rs.getString(2),
                            Duration.ofMillis(Math.max(0, rs.getLong(3))));
                }, inboundMessageId);
    }
}
