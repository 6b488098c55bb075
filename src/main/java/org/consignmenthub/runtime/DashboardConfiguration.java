package org.consignmenthub.runtime;

import org.consignmenthub.dashboard.IntakeGlance;
import org.consignmenthub.dashboard.LiveStock;
import org.consignmenthub.dashboard.StockOverview;
import org.consignmenthub.intake.SourceHealth;
import org.consignmenthub.ledger.StockLedger;
import org.consignmenthub.triage.VendorFeeds;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the operations dashboard: its reads of the books, and the live stream that the
 * ledger feeds after each commit.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    StockOverview stockOverview(JdbcTemplate jdbc) {
        return new StockOverview(jdbc);
    }

    @Bean
    IntakeGlance intakeGlance(JdbcTemplate jdbc, SourceHealth sources, VendorFeeds feeds) {
        return new IntakeGlance(jdbc, sources, feeds);
    }

    @Bean(destroyMethod = "close")
    LiveStock liveStock(StockOverview overview, StockLedger ledger,
            @Value("${hub.dashboard.coalesce-ms}") long coalesceMs,
            @Value("${hub.dashboard.keep-alive-ms}") long keepAliveMs,
            @Value("${hub.dashboard.stream-timeout-ms}") long streamTimeoutMs) {
        LiveStock live = new LiveStock(overview, coalesceMs, keepAliveMs, streamTimeoutMs);
        ledger.committed().watch(live::positionsCommitted);
        return live;
    }

    /**
     * Open streams end as soon as the hub begins to stop: the web server's graceful
     * shutdown would otherwise wait its whole grace period for streams that never finish.
     */
    @Bean
    ApplicationListener<ContextClosedEvent> liveStreamsEndFirst(LiveStock live) {
        return closed -> live.close();
    }
}
