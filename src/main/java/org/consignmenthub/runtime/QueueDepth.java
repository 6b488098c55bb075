package org.consignmenthub.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How much work is waiting: messages on the processing and dead-letter queues (read from
 * the embedded broker; an external broker reports its own), and per channel account the
 * batches handed to the processors and not yet settled, refreshed by a timer route.
 */
public class QueueDepth {

    private final JdbcTemplate jdbc;
    private final MultiGauge pending;

    QueueDepth(MeterRegistry registry, JdbcTemplate jdbc, ObjectProvider<EmbeddedActiveMQ> broker,
            String eventsQueue, String deadLetterQueue) {
        this.jdbc = jdbc;
        this.pending = MultiGauge.builder("hub.batches.pending")
                .description("batches handed to the processors and not yet settled")
                .register(registry);
        for (String queue : List.of(eventsQueue, deadLetterQueue)) {
            // Held strongly: Micrometer keeps only a weak reference by default, and nothing
            // else holds this provider, so the gauge read NaN once it was collected.
            Gauge.builder("hub.queue.depth", broker, b -> messages(b, queue))
                    .strongReference(true)
                    .tag("queue", queue)
                    .description("messages on the queue, delivered or waiting")
                    .register(registry);
        }
    }

    /** Reads the batches still pending per channel account; every known account shows. */
    public void refresh() {
        List<MultiGauge.Row<?>> rows = jdbc.query("""
                select a.channel, a.account, coalesce(p.pending, 0)
                from channel_account a
                left join (select channel, account,
                                  sum(greatest(batches_sent - batches_done, 0)) as pending
                           from inbound_message where status <> 'COMPLETE'
                           group by channel, account) p
                  on p.channel = a.channel and p.account = a.account""",
                (rs, n) -> MultiGauge.Row.of(Tags.of("channel", rs.getString(1),
                        "account", rs.getString(2)), rs.getLong(3)));
        pending.register(rows, true);
    }

    private static double messages(ObjectProvider<EmbeddedActiveMQ> broker, String name) {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded == null || embedded.getActiveMQServer() == null) {
            return Double.NaN;
        }
        Queue queue = embedded.getActiveMQServer().locateQueue(SimpleString.of(name));
        return queue == null ? Double.NaN : queue.getMessageCount();
    }
}
