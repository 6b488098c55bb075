package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.PartnerSftpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Field case B19: a vendor stock CSV that starts with a UTF-8 byte-order mark, uploaded
 * over SFTP with CRLF line endings, reads its first column {@code sku} like any other; the
 * zero line is applied, and the same file without the mark gives the same books.
 */
@DirtiesContext
class BomStockFileTest extends HubIntegrationTest {

    private static final PartnerSftpServer V1_SFTP = new PartnerSftpServer("hub", "s3cret-B19");
    private static final String ROOT = "inbound";
    private static final String FILE = "stock_20261204.csv";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Autowired
    private CamelContext camel;

    private InboundMessages inbox;

    @DynamicPropertySource
    static void vendorSftpServer(DynamicPropertyRegistry registry) {
        V1_SFTP.startAsHubSource(registry, ROOT);
    }

    @BeforeEach
    void hubPollsTheVendor() throws Exception {
        inbox = new InboundMessages(books.jdbc());
        camel.getRouteController().startRoute("intake-sftp");
    }

    @AfterEach
    void hubStopsPollingTheVendor() throws Exception {
        // The vendor's server goes away with this class; polls after that would only fail.
        camel.getRouteController().stopRoute("intake-sftp");
    }

    @AfterAll
    static void stopSftpServer() {
        V1_SFTP.stop();
    }

    @ParameterizedTest(name = "byte-order mark: {0}")
    @ValueSource(booleans = {true, false})
    void b19HeaderIsRecognisedWithOrWithoutTheByteOrderMark(boolean withBom) {
        byte[] csv = "sku,location,qty_available\r\nA,L1,7\r\nB,L1,0\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] file = withBom ? concat(BOM, csv) : csv;
        assertThat(file[0]).isEqualTo(withBom ? (byte) 0xEF : (byte) 's');

        Path done = V1_SFTP.root().resolve(ROOT).resolve(".done/vendor-stock/V1");
        int doneBefore = names(done).size();

        V1_SFTP.upload(ROOT + "/vendor-stock/V1/" + FILE, file);
        long id = inbox.awaitFile("vendor-stock", "V1", FILE);

        assertThat(inbox.payload(id)).as("stored as uploaded").isEqualTo(file);
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.onHand("V1", "A", "L1")).isEqualTo(7));
        assertThat(books.onHand("V1", "B", "L1")).isZero();
        // The zero line is applied as a level, not skipped: both rows are processed events.
        assertThat(books.jdbc().queryForObject("select count(*) from processed_event"
                + " where channel = 'vendor-stock' and account = 'V1'", Long.class))
                .isEqualTo(2);
        assertThat(books.jdbc().queryForObject("select count(*) from skipped_record",
                Long.class)).isZero();
        assertThat(books.deadLetters()).isEmpty();
        await("file moved to .done").atMost(InboundMessages.PATIENCE).until(() ->
                names(done).stream().filter(n -> n.startsWith("stock_20261204-")).count()
                        == doneBefore + 1);
        assertThat(names(V1_SFTP.root().resolve(ROOT).resolve("vendor-stock/V1")))
                .doesNotContain(FILE);
    }

    private static List<String> names(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
