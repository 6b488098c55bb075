package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consignmenthub.cases.CaseEvents.receipt;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.consignmenthub.testing.CuttableLink;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.PartnerSftpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Vendor files over SFTP when things go wrong: the database down through every retry, a
 * partner writing slowly, the partner's server dropping the connection. Each file is
 * taken in whole, once, and a failure never blocks a later file of the same name.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SftpFileRobustnessTest extends HubIntegrationTest {

    private static final PartnerSftpServer V1_SFTP = new PartnerSftpServer("hub", "s3cret-V1");
    private static final String FILE = "inbound/vendor-stock/V1/stock.csv";
    private static CuttableLink database;

    @DynamicPropertySource
    static void sftpAndACuttableDatabase(DynamicPropertyRegistry registry) {
        V1_SFTP.startAsHubSource(registry, "inbound");
        registry.add("hub.intake.sftp.min-age-ms", () -> "5000");
        registry.add("hub.intake.retry.max-redeliveries", () -> "3");
        registry.add("hub.intake.retry.first-delay-ms", () -> "100");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");

        database = CuttableLink.toTestDatabase(registry);
    }

    @AfterAll
    static void stopPartners() {
        V1_SFTP.stop();
        database.close();
    }

    /**
     * Field case B20: the failed file is kept in the error area; the next day's file, same
     * name, new content, applies.
     */
    @Test
    void sameNamedFileAfterAFailedOneIsTakenIn() throws IOException {
        books.apply(receipt("E-B20-0", "V1", "A", "L1", 10));

        database.cut();
        V1_SFTP.upload(FILE, "sku,location,qty_available\r\nA,L1,7\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        await("day 1 fails through its retries and is set aside")
                .atMost(Duration.ofSeconds(60)).until(() -> failedFiles().size() == 1);
        database.restore();
        await("the hub reaches its database again").atMost(Duration.ofSeconds(60))
                .ignoreExceptions().until(() -> books.onHand("V1", "A", "L1") == 10);

        assertThat(Files.readString(failedFiles().get(0))).isEqualTo(
                "sku,location,qty_available\r\nA,L1,7\r\n");
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(10);

        V1_SFTP.upload(FILE, "sku,location,qty_available\r\nA,L1,5\r\n"
                .getBytes(StandardCharsets.US_ASCII));

        long day2 = new InboundMessages(books.jdbc()).awaitFile("vendor-stock", "V1",
                "stock.csv");
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(5);
        assertThat(new String(new InboundMessages(books.jdbc()).payload(day2),
                StandardCharsets.US_ASCII)).contains("A,L1,5");
        assertThat(failedFiles()).hasSize(1);
    }

    @Test
    void fileStillBeingWrittenIsNotReadUntilItIsWhole() {
        PartnerSftpServer.SlowUpload upload = V1_SFTP.beginUpload(
                "inbound/vendor-stock/V1/slow.csv",
                "sku,location,qty_available\r\nA,L1,3\r\n".getBytes(StandardCharsets.US_ASCII));
        InboundMessages inbox = new InboundMessages(books.jdbc());

        await("nothing is read while the partner pauses mid-file")
                .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                .until(() -> inbox.ids("vendor-stock", "vendor-stock/V1/slow.csv").isEmpty());
        upload.finish("B,L1,4\r\n".getBytes(StandardCharsets.US_ASCII));

        inbox.awaitFile("vendor-stock", "V1", "slow.csv");
        assertThat(inbox.ids("vendor-stock", "vendor-stock/V1/slow.csv")).hasSize(1);
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(3);
        assertThat(books.onHand("V1", "B", "L1")).isEqualTo(4);
    }

    @Test
    void fileUploadedAfterThePartnersServerDroppedTheConnectionIsTakenInOnce() {
        V1_SFTP.upload("inbound/vendor-stock/V1/before.csv",
                "sku,location,qty_available\r\nA,L1,2\r\n".getBytes(StandardCharsets.US_ASCII));
        InboundMessages inbox = new InboundMessages(books.jdbc());
        inbox.awaitFile("vendor-stock", "V1", "before.csv");

        V1_SFTP.restart();
        V1_SFTP.upload("inbound/vendor-stock/V1/after.csv",
                "sku,location,qty_available\r\nA,L1,6\r\n".getBytes(StandardCharsets.US_ASCII));

        inbox.awaitFile("vendor-stock", "V1", "after.csv");
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(6);
        assertThat(inbox.ids("vendor-stock", "vendor-stock/V1/before.csv")).hasSize(1);
        assertThat(inbox.ids("vendor-stock", "vendor-stock/V1/after.csv")).hasSize(1);
    }

    /**
     * A file above the mapping limit is fetched to the hub's work folder, not into memory,
     * streamed into the store whole and refused; the SFTP route's thread allocates a small
     * fraction of it, and the partner's next file goes in.
     */
    @Test
    void fileAboveTheMappingLimitIsStoredUnreadAndRefused() throws Exception {
        int size = 40 * 1024 * 1024;
        byte[] big = new byte[size];
        byte[] row = "A,L1,1\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            big[i] = row[i % row.length];
        }
        Thread sftpRoute = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("sftp://")).findFirst().orElseThrow();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(sftpRoute.getId());
        InboundMessages inbox = new InboundMessages(books.jdbc());

        V1_SFTP.upload("inbound/vendor-stock/V1/big.csv", big);
        long id = inbox.awaitFile("vendor-stock", "V1", "big.csv");
        long allocated = threads.getThreadAllocatedBytes(sftpRoute.getId()) - before;

        assertThat(allocated).as("heap allocated by the SFTP route taking in 40 MiB")
                .isLessThan(16 * 1024 * 1024);
        assertThat(books.jdbc().queryForObject("select octet_length(payload) from"
                + " inbound_message where id = ?", Integer.class, id)).isEqualTo(size);
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> assertThat(dead)
                .containsEntry("reason_code", "PAYLOAD_TOO_LARGE")
                .containsEntry("inbound_message_id", id));

        V1_SFTP.upload("inbound/vendor-stock/V1/small.csv",
                "sku,location,qty_available\r\nA,L1,4\r\n".getBytes(StandardCharsets.US_ASCII));
        inbox.awaitFile("vendor-stock", "V1", "small.csv");
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(4);
    }

    private static List<Path> failedFiles() throws IOException {
        Path errors = V1_SFTP.root().resolve("inbound/.error/vendor-stock/V1");
        if (Files.notExists(errors)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(errors)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
