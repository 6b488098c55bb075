package org.consignmenthub.intake;

import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * A load harness, not part of the test run: Amazon direct-fulfilment orders of one line
 * each, sent as JMS messages to {@code hub.intake.amazon} as fast as one sender can, timed
 * from the first send until every order has reserved its unit.
 *
 * <pre>
 * ./mvnw -B -ntp test -Dsurefire.excludedGroups=none -Dtest=AmazonQueueBenchmark \
 *   -Dbench.orders=5000
 * </pre>
 */
@Tag("benchmark")
class AmazonQueueBenchmark extends HubIntegrationTest {

    @Autowired
    private ConnectionFactory connectionFactory;

    @Test
    void ordersPerSecondThroughTheQueue() {
        int orders = Integer.getInteger("bench.orders", 5_000);

        // Not reported: the first orders pay for class loading and the JIT's warm-up.
        ordersPerSecond("WARMUP", 300);
        books.reset();
        books.loadCatalog("fixtures/cases-catalog.yaml");
        double rate = ordersPerSecond("RUN", orders);

        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf("BENCHMARK amazon queue: %d direct-fulfilment orders, %.0f orders/s"
                + " stored, mapped and applied (load average %.1f, %d cores)%n", orders, rate,
                load, Runtime.getRuntime().availableProcessors());
    }

    private double ordersPerSecond(String batch, int orders) {
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V1",
                "VendorStockReported", "BENCH-" + batch, 0), "V1", "L1", "A",
                VendorStockReported.Kind.RECEIPT, orders, "BENCH-" + batch,
                Instant.parse("2026-11-01T09:00:00Z")));
        JmsTemplate sender = new JmsTemplate(connectionFactory);

        Instant start = Instant.now();
        for (int order = 0; order < orders; order++) {
            byte[] body = dfOrder(batch + "-" + order);
            sender.send("hub.intake.amazon", session -> {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(body);
                message.setStringProperty("account", "seller-us");
                message.setStringProperty("messageType", "vendor-df-orders");
                return message;
            });
        }
        await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> books.bucket("V1", "A", "L1", "ALLOCATED") == orders);
        return orders * 1000.0 / Duration.between(start, Instant.now()).toMillis();
    }

    private static byte[] dfOrder(String number) {
        return ("""
                {"orders": [{"purchaseOrderNumber": "%s", "orderDetails": {
                  "orderDate": "2026-11-02T09:30:00Z", "orderStatus": "NEW",
                  "items": [{"itemSequenceNumber": "00001", "vendorProductIdentifier": "A",
                    "orderedQuantity": {"amount": 1, "unitOfMeasure": "Each"},
                    "netPrice": {"currencyCode": "USD", "amount": "19.99"}}]}}]}
                """).formatted(number).getBytes(StandardCharsets.UTF_8);
    }
}
