package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.consignmenthub.testing.IntakeClient;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Broken and oversized deliveries through the real routes (file drop and HTTP): each is
 * refused with the field and a reason in the hub's own words, the hub's memory stays
 * bounded, and the route goes on taking what comes next.
 */
class MalformedDeliveriesTest extends HubIntegrationTest {

    private static final long MIB = 1024 * 1024;
    private static final Duration LARGE_FILE_PATIENCE = Duration.ofMinutes(4);
    private static final String PURCHASE_ORDER = "ISA*00*          *00*          *ZZ*"
            + "CHANNELX       *ZZ*HUBRETAIL      *261204*1015*U*00401*000000101*0*P*>~"
            + "GS*PO*CHANNELX*HUBRETAIL*20261204*1015*101*X*004010~ST*850*0001~"
            + "BEG*00*SA*PO-U-77**20261204~PO1*1*4*EA*12.50**VP*A*UP*012345678905~CTT*1~"
            + "SE*5*0001~GE*1*101~IEA*1*000000101~";

    @LocalServerPort
    private int port;

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    @Value("${hub.intake.max-request-bytes}")
    private long maxRequestBytes;

    private IntakeClient partner;
    private InboundMessages inbox;

    @BeforeEach
    void connect() {
        partner = new IntakeClient(port);
        inbox = new InboundMessages(books.jdbc());
    }

    /**
     * 200 MB is stored byte for byte and refused whole, while the thread that took it in
     * allocates a small fraction of it: it was streamed, never held. The next file of the
     * same folder goes in as usual.
     */
    @Test
    void fileOf200MegabytesIsStoredUnreadRefusedAndTheNextFileGoesIn(@TempDir Path scratch)
            throws Exception {
        long size = 200 * MIB;
        Path huge = scratch.resolve("levels.csv");
        String sha = writeLargeCsv(huge, size);
        Thread fileRoute = fileRouteThread();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getThreadAllocatedBytes(fileRoute.getId());

        drop(huge, "vendor-stock/V1/levels.csv");
        long id = awaitFile("vendor-stock/V1/levels.csv");
        long allocated = threads.getThreadAllocatedBytes(fileRoute.getId()) - allocatedBefore;

        System.out.printf("Heap allocated by the file route taking in %d MiB: %.1f MiB%n",
                size / MIB, allocated / (double) MIB);
        assertThat(allocated).as("bytes allocated on the heap by the file route thread")
                .isLessThan(32 * MIB);
        Map<String, Object> stored = books.jdbc().queryForMap("select octet_length(payload)"
                + " as bytes, payload_sha256, encode(sha256(payload), 'hex') as digest"
                + " from inbound_message where id = ?", id);
        assertThat(stored).containsEntry("bytes", (int) size)
                .containsEntry("payload_sha256", sha).containsEntry("digest", sha);
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "PAYLOAD_TOO_LARGE")
                    .containsEntry("field", "payload")
                    .containsEntry("inbound_message_id", id);
            assertThat((String) dead.get("reason")).contains(size + " bytes",
                    "inbound message " + id);
        });

        long entry = ((Number) books.deadLetters().get(0).get("id")).longValue();
        ApiClient staff = new ApiClient(port);
        ApiClient.Answer shown = staff.get("/api/dead-letters/" + entry);
        assertThat(shown.text()).contains("\"payload\":null", "\"payload_bytes\":" + size,
                "too many to show");
        ApiClient.Answer replay = staff.post("/api/dead-letters/" + entry + "/replay");
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.text()).contains("split it");

        dropText("sku,location,qty_available\nA,L1,7\n", "vendor-stock/V1/levels2.csv");
        awaitFile("vendor-stock/V1/levels2.csv");
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(7);
        deleteDoneCopies("levels");
    }

    @Test
    void csvRowThatIsNotUtf8IsRefusedByByteOffsetAndTheOtherRowsApply() throws IOException {
        byte[] file = "sku,location,qty_available\nA,L1,5\nB\u00ff,L1,3\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        dropBytes(file, "vendor-stock/V1/latin.csv");
        awaitFile("vendor-stock/V1/latin.csv");

        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(5);
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "UNREADABLE")
                    .containsEntry("field", "sku")
                    .containsEntry("record_ref", "vendor-stock/V1/latin.csv:3");
            assertThat((String) dead.get("reason")).isEqualTo("line 3 cannot be read: the"
                    + " byte at offset 35 (counting from 0) is 0xFF, which is not UTF-8; the"
                    + " file must be written in UTF-8");
        });
    }

    @Test
    void x12FileCutShortIsRefusedAndTheNextFileIsApplied() throws IOException {
        stockOfA(10);
        String cut = PURCHASE_ORDER.substring(0, PURCHASE_ORDER.indexOf("PO1*1*4*EA*1") + 12);

        dropText(cut, "x12/CHANNELX/po-cut.edi");
        awaitFile("x12/CHANNELX/po-cut.edi");
        dropText(PURCHASE_ORDER, "x12/CHANNELX/po.edi");
        awaitFile("x12/CHANNELX/po.edi");

        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "UNREADABLE")
                    .containsEntry("field", "PO1");
            assertThat((String) dead.get("reason")).contains("transaction set 0001 is"
                    + " incomplete", "the file ends in segment PO1 (element 3)")
                    .doesNotContain("EDIE", "stream");
        });
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(4));
    }

    @Test
    void x12FileWithOtherDelimitersThanItsHeaderDeclaresIsRefused() throws IOException {
        String piped = PURCHASE_ORDER.substring(0, 106)
                + PURCHASE_ORDER.substring(106).replace('*', '|');

        dropText(piped, "x12/CHANNELX/po-piped.edi");
        awaitFile("x12/CHANNELX/po-piped.edi");

        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "UNREADABLE");
            assertThat((String) dead.get("reason")).contains("the character '|' after"
                    + " segment ISA does not fit the delimiters the header declares")
                    .doesNotContain("EDIE", "INVALID");
        });
    }

    @Test
    void edifactFileWithOtherDelimitersThanItsUnaDeclaresIsRefused() throws IOException {
        String order = "UNA:+.? 'UNB*UNOC:3*CHANNELY*HUBRETAIL*261204:1030*77'"
                + "UNH*1*ORDERS:D:96A:UN'BGM*220*PO-E-56*9'UNT*3*1'UNZ*1*77'";

        dropText(order, "edifact-orders/CHANNELY/orders.edi");
        awaitFile("edifact-orders/CHANNELY/orders.edi");

        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "UNREADABLE")
                    .containsEntry("field", "file");
            assertThat((String) dead.get("reason")).isEqualTo("not an EDIFACT interchange;"
                    + " reading stopped: the character '*' at character offset 13 does not"
                    + " fit the delimiters the header declares (a file cut short, mixed"
                    + " delimiters, or not EDI)");
        });
    }

    /**
     * The hub reads no XML. An XML body naming an external entity is refused as XML, over
     * HTTP and as a file, and what the entity names is never read into the hub.
     */
    @Test
    void xmlWithAnExternalEntityIsRefusedAsXmlAndTheEntityIsNeverRead(@TempDir Path scratch)
            throws IOException {
        Path secret = scratch.resolve("secret.txt");
        Files.writeString(secret, "ENTITY-TARGET-7731");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE reports [<!ENTITY s SYSTEM \""
                + secret.toUri() + "\">]>\n<reports><sku>&s;</sku></reports>";

        IntakeClient.Answer answer = partner.post("/intake/vendors/V1/stock",
                xml.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/xml");
        dropText(xml, "vendor-stock/V1/stock.xml");
        inbox.awaitComplete(answer.inboundId());
        awaitFile("vendor-stock/V1/stock.xml");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(books.deadLetters()).hasSize(2).allSatisfy(dead -> {
            assertThat(dead.get("reason_code")).isEqualTo("UNREADABLE");
            assertThat((String) dead.get("reason")).contains("is XML", "the hub reads no XML");
        });
        assertThat(books.jdbc().queryForObject("select count(*) from dead_letter where"
                + " reason like '%ENTITY-TARGET%' or convert_from(raw_record, 'UTF8')"
                + " like '%ENTITY-TARGET%'", Long.class)).isZero();
    }

    @Test
    void jsonNestedThousandsOfLevelsDeepIsRefusedInPlainWords() {
        String deep = "{\"reports\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        IntakeClient.Answer answer = partner.post("/intake/vendors/V1/stock",
                deep.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.rejected()).isEqualTo(1);
        inbox.awaitComplete(answer.inboundId());
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "UNREADABLE")
                    .containsEntry("field", "body");
            assertThat((String) dead.get("reason"))
                    .isEqualTo("the JSON is nested deeper than 64 levels");
        });
    }

    @Test
    void quantityOfTwentyDigitsIsRefusedNamingTheField() {
        IntakeClient.Answer answer = partner.post("/intake/vendors/V1/stock", utf8(
                "{\"reports\":[{\"reportId\":\"R-9\",\"sku\":\"A\",\"location\":\"L1\","
                        + "\"kind\":\"RECEIPT\",\"quantity\":99999999999999999999}]}"));

        assertThat(answer.status()).isEqualTo(202);
        inbox.awaitComplete(answer.inboundId());
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "INVALID_FIELD")
                    .containsEntry("field", "quantity")
                    .containsEntry("stage", "MAPPING");
            assertThat((String) dead.get("reason")).isEqualTo(
                    "99999999999999999999 is not a whole number the hub can hold");
        });
        assertThat(books.onHand("V1", "A", "L1")).isZero();
    }

    /**
     * A body sent in chunks, with no length announced, is read up to the request limit and
     * no further: the partner is told 413 and cannot push the rest.
     */
    @Test
    void chunkedBodyPastTheRequestLimitIsCutOffAtTheLimit() throws Exception {
        long attempted = maxRequestBytes + 64 * MIB;
        AtomicLong sent = new AtomicLong();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            String operator = Base64.getEncoder().encodeToString((TestCredentials.OPERATOR
                    + ":" + TestCredentials.secretOf(TestCredentials.OPERATOR))
                    .getBytes(StandardCharsets.UTF_8));
            out.write(("POST /intake/vendors/V1/stock HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Basic " + operator + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() ->
                    sendChunks(out, attempted, sent));

            String answer = readAnswer(socket.getInputStream());
            socket.close();
            sender.handle((done, failed) -> done).get(60, TimeUnit.SECONDS);

            assertThat(answer).startsWith("HTTP/1.1 413").contains("REQUEST_TOO_LARGE",
                    "without a length", String.valueOf(maxRequestBytes));
        }
        assertThat(sent.get()).as("bytes the partner got to send").isLessThan(attempted);
        assertThat(books.jdbc().queryForObject("select count(*) from inbound_message",
                Long.class)).isZero();
    }

    private static void sendChunks(OutputStream out, long total, AtomicLong sent) {
        byte[] data = new byte[64 * 1024];
        Arrays.fill(data, (byte) ' ');
        byte[] head = (Integer.toHexString(data.length) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            while (sent.get() < total) {
                out.write(head);
                out.write(data);
                out.write(tail);
                sent.addAndGet(data.length);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException closedByTheHub) {
            // The hub stopped reading and closed the connection: what this test expects.
        }
    }

    private static String readAnswer(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        StringBuilder answer = new StringBuilder();
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            if (answer.indexOf("}") >= 0) {
                break;
            }
        }
        return answer.toString();
    }

    private void stockOfA(long quantity) {
        IntakeClient.Answer receipt = partner.post("/intake/vendors/V1/stock", utf8(
                "{\"reports\":[{\"reportId\":\"R-A\",\"sku\":\"A\",\"location\":\"L1\","
                        + "\"kind\":\"RECEIPT\",\"quantity\":" + quantity + "}]}"));
        inbox.awaitComplete(receipt.inboundId());
        await().atMost(InboundMessages.PATIENCE)
                .until(() -> books.onHand("V1", "A", "L1") == quantity);
    }

    /** The thread of the file-drop route's consumer: the one that takes files in. */
    private Thread fileRouteThread() {
        String folder = dropFolder.toString();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("file://") && t.getName().contains(folder))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no file route thread for " + folder));
    }

    /** Writes a CSV of {@code size} bytes in pieces and returns its SHA-256. */
    private static String writeLargeCsv(Path file, long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] row = "A,L1,1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] piece = new byte[(int) MIB];
        for (int i = 0; i < piece.length; i++) {
            piece[i] = row[i % row.length];
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            byte[] header = "sku,location,qty_available\n".getBytes(StandardCharsets.US_ASCII);
            out.write(ByteBuffer.wrap(header));
            digest.update(header);
            long left = size - header.length;
            while (left > 0) {
                int length = (int) Math.min(piece.length, left);
                out.write(ByteBuffer.wrap(piece, 0, length));
                digest.update(piece, 0, length);
                left -= length;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Moves a finished file into the drop folder at once, as a partner's rename would. */
    private void drop(Path file, String relative) throws IOException {
        Path target = dropFolder.resolve(relative);
        Files.createDirectories(target.getParent());
        Path staged = target.resolveSibling("." + target.getFileName());
        Files.move(file, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private void dropText(String text, String relative) throws IOException {
        dropBytes(text.getBytes(StandardCharsets.UTF_8), relative);
    }

    private void dropBytes(byte[] bytes, String relative) throws IOException {
        Path target = dropFolder.resolve(relative);
        Files.createDirectories(target.getParent());
        Path staged = target.resolveSibling("." + target.getFileName());
        Files.write(staged, bytes);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private long awaitFile(String relative) {
        String channel = relative.substring(0, relative.indexOf('/'));
        await("file " + relative + " taken in").atMost(LARGE_FILE_PATIENCE)
                .until(() -> !inbox.ids(channel, relative).isEmpty());
        long id = inbox.ids(channel, relative).get(0);
        await("file " + relative + " complete").atMost(LARGE_FILE_PATIENCE)
                .until(() -> "COMPLETE".equals(inbox.status(id)));
        return id;
    }

    /** The big file moved to .done: not worth keeping on the build machine's disk. */
    private void deleteDoneCopies(String prefix) throws IOException {
        Path done = dropFolder.resolve(".done/vendor-stock/V1");
        if (!Files.isDirectory(done)) {
            return;
        }
        try (Stream<Path> files = Files.list(done)) {
            List<Path> copies = files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .toList();
            for (Path copy : copies) {
                Files.deleteIfExists(copy);
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
