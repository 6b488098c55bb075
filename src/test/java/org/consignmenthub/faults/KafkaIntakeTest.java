package org.consignmenthub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.consignmenthub.testing.CuttableLink;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Vendor stock reports on a Kafka topic, through a real broker in the test JVM. The
 * consumer commits a record only once the hub holds it: when the database goes away in
 * the middle of a run of records, the record that failed is read again after it returns,
 * none is skipped and none is applied twice.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaIntakeTest extends HubIntegrationTest {

    private static final String TOPIC = "vendor-stock-api";
    private static final EmbeddedKafkaKraftBroker KAFKA =
            new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
    private static CuttableLink database;
    private static JdbcTemplate direct;

    @DynamicPropertySource
    static void kafkaAndACuttableDatabase(DynamicPropertyRegistry registry) {
        KAFKA.afterPropertiesSet();
        registry.add("hub.intake.kafka.enabled", () -> "true");
        registry.add("hub.intake.kafka.brokers", KAFKA::getBrokersAsString);
        registry.add("hub.intake.kafka.topics", () -> TOPIC);
        registry.add("hub.intake.retry.max-redeliveries", () -> "2");
        registry.add("hub.intake.retry.first-delay-ms", () -> "200");
        registry.add("hub.processing.circuit.open-ms", () -> "2000");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");

        database = CuttableLink.toTestDatabase(registry);
        direct = TestDatabase.direct();
    }

    @AfterAll
    static void stopBrokerAndLink() {
        KAFKA.destroy();
        database.close();
    }

    @Test
    void recordsOnTheTopicApplyOnceEvenWhenTheDatabaseGoesAwayMidRun() {
        try (KafkaProducer<String, String> vendor = producer()) {
            for (int report = 0; report < 20; report++) {
                vendor.send(stockReport("K1-" + report));
            }
            vendor.flush();
            await("the first run applies").atMost(Duration.ofSeconds(60))
                    .until(() -> receipts() == 20);

            database.cut();
            for (int report = 0; report < 20; report++) {
                vendor.send(stockReport("K2-" + report));
            }
            vendor.flush();
            await("the records meet the outage and stay unapplied")
                    .during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> receipts() == 20);
            database.restore();
        }

        await("every record applies once the database is back").atMost(Duration.ofMinutes(2))
                .until(() -> receipts() == 40);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(40);
        assertThat(direct.queryForObject("select count(*) from processed_event",
                Long.class)).isEqualTo(40);
        assertThat(books.deadLetters()).isEmpty();
    }

    @Test
    void recordWithoutAKnownAccountIsStoredAndRefusedAndTheNextOneApplies() {
        try (KafkaProducer<String, String> vendor = producer()) {
            vendor.send(new ProducerRecord<>(TOPIC, "NOBODY", report("K3-0")));
            vendor.send(stockReport("K3-1"));
            vendor.flush();
        }

        await("the good record applies").atMost(Duration.ofSeconds(60))
                .until(() -> books.onHand("V1", "A", "L1") == 1);
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("channel", TOPIC).containsEntry("account", "NOBODY");
            assertThat(new String((byte[]) dead.get("raw_record"), StandardCharsets.UTF_8))
                    .contains("K3-0");
        });
    }

    private static ProducerRecord<String, String> stockReport(String reportId) {
        return new ProducerRecord<>(TOPIC, "V1", report(reportId));
    }

    private static String report(String reportId) {
        return """
                {"reports": [{"reportId": "%s", "sku": "A", "location": "L1",
                  "kind": "RECEIPT", "quantity": 1, "reference": "%s",
                  "occurredAt": "2026-11-20T10:00:00Z"}]}""".formatted(reportId, reportId);
    }

    private static long receipts() {
        return ReceiptFiles.receiptsApplied(direct);
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new StringSerializer());
    }
}
