package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consignmenthub.cases.CaseEvents.receipt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.consignmenthub.testing.Corpus;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * X12 files dropped into a partner's folder of the x12 channel, through the real route,
 * processor and database: field case B16 end to end with its 997, a transaction set
 * applied whole or not at all, and malformed files refused without stopping the route.
 */
class X12IntakeTest extends HubIntegrationTest {

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;
    @Value("${hub.outbound.files.dir}")
    private Path outbound;

    private InboundMessages inbox;

    @BeforeEach
    void vendorHoldsTenBlueMugsAtL1() {
        inbox = new InboundMessages(books.jdbc());
        books.apply(receipt("E-X12-0", "V1", "A", "L1", 10));
    }

    @Test
    void b16OrderIsPlacedWithItsLineAndGroup101IsAcknowledged() throws IOException {
        String b16 = Files.readString(Path.of("mappings/x12/examples/purchase-order-b16.edi"));
        clearOutbound("CHANNELX");

        drop("CHANNELX", "PO_B16.x12", b16.getBytes(StandardCharsets.US_ASCII));
        inbox.awaitFile("x12", "CHANNELX", "PO_B16.x12");

        // One order PO-U-77 of A x 4 at 12.50: four of V1's ten units are reserved.
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(4));
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(6);
        assertThat(books.jdbc().queryForList("select order_ref, sku, quantity, unit_price"
                + " from order_line")).singleElement().satisfies(line -> {
                    assertThat(line).containsEntry("order_ref", "PO-U-77")
                            .containsEntry("sku", "A").containsEntry("quantity", 4L);
                    assertThat((java.math.BigDecimal) line.get("unit_price"))
                            .isEqualByComparingTo("12.50");
                });
        assertThat(books.deadLetters()).isEmpty();

        Path ack = awaitAcknowledgement("CHANNELX");
        assertThat(ack.getFileName().toString()).startsWith("997_CHANNELX_000000101_");
        assertThat(Files.readString(ack)).contains("GS*FA*HUBRETAIL*CHANNELX*",
                "AK1*PO*101~", "AK2*850*0001~", "AK5*A~", "AK9*A*1*1*1~");
    }

    @Test
    void malformedFilesAreRefusedWithReasonsAndTheRouteGoesOn() throws IOException {
        clearOutbound("V2");
        drop("V2", "a_missing_isa.edi", Corpus.bytes("x12/gozer_missing_isa_malformed.edi"));
        drop("V2", "b_ebcdic.x12", Corpus.bytes("x12/bots_850_ebcdic_encoded.x12"));
        drop("V2", "c_mismatch.edi", Corpus.bytes("x12/edieng_940_control_number_mismatch.edi"));
        drop("V2", "d_advice.x12", advice("D", 7, "D-OK").getBytes(StandardCharsets.US_ASCII));

        for (String file : List.of("a_missing_isa.edi", "b_ebcdic.x12", "c_mismatch.edi",
                "d_advice.x12")) {
            inbox.awaitFile("x12", "V2", file);
        }
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.onHand("V2", "D", "L1")).isEqualTo(7));

        List<Map<String, Object>> refused = books.deadLetters();
        assertThat(refused).extracting(d -> d.get("record_ref")).containsExactlyInAnyOrder(
                "x12/V2/a_missing_isa.edi", "x12/V2/b_ebcdic.x12",
                "x12/V2/c_mismatch.edi#000003438/3314/0001");
        assertThat(refused).allSatisfy(d -> assertThat(d)
                .containsEntry("reason_code", "UNREADABLE"));
        assertThat(refused).extracting(d -> (String) d.get("reason")).anySatisfy(reason ->
                assertThat(reason).contains("no ISA header")).anySatisfy(reason ->
                assertThat(reason).contains("EBCDIC")).anySatisfy(reason ->
                assertThat(reason).contains("0002 does not match ST02 0001"));
        // The sound advice is acknowledged; the file without an ISA has nothing to answer.
        Path ack = awaitAcknowledgement("V2");
        assertThat(Files.readString(ack)).contains("AK1*IB*").contains("AK9*A*1*1*1~");
    }

    @Test
    void anAdviceWithOneBadItemAppliesNothing() throws IOException {
        String advice = advice("D", 5, "D-BAD").replace("SE*6*0001~",
                "LIN**VP*C~QTY*33*2*CA~SE*8*0001~");

        drop("V2", "e_advice.x12", advice.getBytes(StandardCharsets.US_ASCII));
        inbox.awaitFile("x12", "V2", "e_advice.x12");

        assertThat(books.onHand("V2", "D", "L1")).isZero();
        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("field", "QTY03")
                    .containsEntry("reason_code", "UNSUPPORTED_UNIT");
            assertThat((String) dead.get("reason")).contains("counts item C in CA");
        });
    }

    @Test
    void shipNoticeReceivesTheVendorsStockAndTheActivityReportSellsAndBillsIt()
            throws IOException {
        drop("V2", "ASN_V2_77.x12",
                Files.readAllBytes(Path.of("mappings/x12/examples/ship-notice.edi")));
        inbox.awaitFile("x12", "V2", "ASN_V2_77.x12");

        // Three cartons of D for the ship-to L1 (10 + 6 + 4), one order level for store L2.
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.onHand("V2", "D", "L1")).isEqualTo(20));
        assertThat(books.onHand("V2", "D", "L2")).isEqualTo(2);

        String report = "ISA*00*          *00*          *ZZ*VENDOR2        *ZZ*HUBRETAIL"
                + "      *261207*2300*U*00401*000000402*0*P*>~"
                + "GS*PD*VENDOR2*HUBRETAIL*20261207*2300*402*X*004010~ST*852*0001~"
                + "XQ*H*20261201*20261207~N1*RL*STORE ONE*92*L1~LIN**VP*D~ZA*QS*5*EA~"
                + "ZA*QA*15*EA~SE*7*0001~GE*1*402~IEA*1*000000402~";
        drop("V2", "PA_V2_1207.x12", report.getBytes(StandardCharsets.US_ASCII));
        inbox.awaitFile("x12", "V2", "PA_V2_1207.x12");

        // Five D sold and carried away at L1: title passes, one line at V2's 3.00 a unit.
        await().atMost(InboundMessages.PATIENCE).untilAsserted(() ->
                assertThat(books.billingLines("V2")).singleElement().satisfies(line ->
                        assertThat(line).containsEntry("kind", "INVOICE")
                                .containsEntry("sku", "D").containsEntry("quantity", 5L)
                                .containsEntry("net_amount", new BigDecimal("15.00"))));
        assertThat(books.onHand("V2", "D", "L1")).isEqualTo(15);
        assertThat(books.deadLetters()).isEmpty();
    }

    private static String advice(String sku, int quantity, String report) {
        return "ISA*00*          *00*          *ZZ*VENDOR2        *ZZ*HUBRETAIL      *261204*1015"
                + "*U*00401*000000401*0*P*>~GS*IB*VENDOR2*HUBRETAIL*20261204*1015*401*X*004010~"
                + "ST*846*0001~BIA*00*DD*" + report + "*20261204~N1*WH*VENDOR2 DC*92*L1~"
                + "LIN**VP*" + sku + "~QTY*33*" + quantity + "*EA~SE*6*0001~GE*1*401~"
                + "IEA*1*000000401~";
    }

    private void drop(String account, String name, byte[] content) throws IOException {
        Path folder = dropFolder.resolve("x12").resolve(account);
        Files.createDirectories(folder);
        // Written aside and moved in, as a partner's upload completes.
        Path aside = Files.write(folder.resolve("." + name), content);
        Files.move(aside, folder.resolve(name));
    }

    private void clearOutbound(String account) throws IOException {
        Path folder = outbound.resolve("x12").resolve(account);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private Path awaitAcknowledgement(String account) {
        Path folder = outbound.resolve("x12").resolve(account);
        return await().atMost(InboundMessages.PATIENCE).until(() -> list(folder),
                files -> files.size() == 1).get(0);
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith("997_")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
