package org.consignmenthub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.dashboard.DashboardEvents.vendorReceipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.ledger.Bucket;
import org.consignmenthub.ledger.StockKey;
import org.consignmenthub.ledger.StockLedger;
import org.consignmenthub.testing.EventStreamClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The live stream of the dashboard: after the ledger commits, each watcher gets the current
 * side-by-side rows its filter admits, bursts merged into one update, and nothing for a
 * change that was rolled back.
 */
class LiveStockStreamTest extends HubIntegrationTest {

    private static final Duration ARRIVES = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final String NOV_1 = "2026-11-01T09:00:00-05:00";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    private int port;
    @Autowired
    private StockLedger ledger;
    @Autowired
    private TransactionTemplate transaction;

    private EventStreamClient stream;

    @AfterEach
    void closeStream() {
        if (stream != null) {
            stream.close();
        }
    }

    @Test
    void committedReceiptIsPushedWithTheRowsNewFigures() throws IOException {
        watch("");

        books.apply(vendorReceipt("R-1", "V1", "A", "L1", 10, NOV_1));

        JsonNode rows = rows(stream.next("positions", ARRIVES));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("key").asText()).isEqualTo("US-RETAIL|L1|A");
        assertThat(rows.get(0).at("/consigned/available").asLong()).isEqualTo(10);
        assertThat(rows.get(0).at("/owned/onHand").asLong()).isZero();
    }

    @Test
    void aBurstOfPostingsIsOneUpdateWithTheLastFigures() throws IOException {
        watch("");
        CanonicalEvent[] burst = new CanonicalEvent[25];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = vendorReceipt("R-burst-" + i, "V1", "A", "L1", 2, NOV_1);
        }

        books.applyRecord(burst);

        JsonNode rows = rows(stream.next("positions", ARRIVES));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).at("/consigned/available").asLong()).isEqualTo(50);
        assertThat(stream.count("positions", QUIET)).isZero();
    }

    @Test
    void transactionsInQuickSuccessionAreMergedIntoFewerUpdates() throws IOException {
        watch("");
        int transactions = 30;
        CanonicalEvent[] receipts = new CanonicalEvent[transactions];
        for (int i = 0; i < transactions; i++) {
            receipts[i] = vendorReceipt("R-quick-" + i, "V1", "B", "L1", 1, NOV_1);
        }

        books.apply(receipts);

        int updates = 0;
        long shown = 0;
        while (shown < transactions) {
            shown = rows(stream.next("positions", ARRIVES)).get(0).at("/consigned/available")
                    .asLong();
            updates++;
        }
        assertThat(shown).isEqualTo(transactions);
        assertThat(updates).as("updates for %d transactions", transactions)
                .isLessThan(transactions);
        assertThat(stream.count("positions", QUIET)).isZero();
    }

    @Test
    void aWatcherGetsOnlyTheRowsItsFilterAdmits() throws IOException {
        watch("?location=L2&vendor=V1");

        books.apply(vendorReceipt("R-L1", "V1", "A", "L1", 3, NOV_1));
        books.apply(vendorReceipt("R-V2", "V2", "D", "L2", 3, NOV_1));
        books.apply(vendorReceipt("R-L2", "V1", "A", "L2", 4, NOV_1));

        JsonNode rows = rows(stream.next("positions", ARRIVES));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("key").asText()).isEqualTo("US-RETAIL|L2|A");
        assertThat(rows.get(0).at("/consigned/available").asLong()).isEqualTo(4);
    }

    @Test
    void aRolledBackPostingIsNeverAnnounced() throws IOException {
        watch("");
        StockKey mugs = new StockKey("US-RETAIL", "L1", "A", "V1", Bucket.AVAILABLE);

        transaction.executeWithoutResult(status -> {
            ledger.increase(mugs, 9, "RECEIPT", "test:rolled-back", Instant.now());
            status.setRollbackOnly();
        });
        assertThat(stream.count("positions", QUIET)).isZero();

        books.apply(vendorReceipt("R-after", "V1", "A", "L1", 1, NOV_1));
        JsonNode rows = rows(stream.next("positions", ARRIVES));
        assertThat(rows.get(0).at("/consigned/available").asLong()).isEqualTo(1);
    }

    private void watch(String query) {
        stream = new EventStreamClient(port, "/ops/api/stream" + query);
        stream.assertOpen(ARRIVES);
        stream.next("hello", ARRIVES);
    }

    private static JsonNode rows(EventStreamClient.Event event) throws IOException {
        return JSON.readTree(event.data());
    }
}
