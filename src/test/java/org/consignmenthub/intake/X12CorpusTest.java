package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.consignmenthub.canonical.DocumentLine;
import org.consignmenthub.canonical.OrderAcknowledged;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.VendorInvoiceReceived;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every X12 file of the corpus through the X12 reader and the x12 channel's mappings: each
 * gives exactly its golden records (events, or a rejection naming the file, the envelope
 * control numbers and the reason). The tests beside the golden check the values that
 * matter against the file as written, so a regenerated golden cannot hide a wrong one.
 * Golden files are rewritten only with {@code -Dgolden.write=true}.
 */
class X12CorpusTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/x12");

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")), List.of(new X12RecordReader()));

    static Stream<String> corpusFiles() throws IOException {
        List<String> names = GoldenJson.corpusFiles("x12");
        assertThat(names).hasSize(19);
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void corpusFileGivesItsGoldenRecords(String name) throws IOException {
        GoldenJson.assertGolden(GOLDEN.resolve(name + ".json"), name, map(name));
    }

    @Test
    void everyRecordIsEitherEventsOrARejectionNamingWhere() throws IOException {
        for (String name : corpusFiles().toList()) {
            for (MappedRecord record : map(name)) {
                assertThat(record.recordRef()).startsWith(name);
                if (record instanceof MappedRecord.Rejected rejected) {
                    assertThat(rejected.reason()).as(record.recordRef()).isNotBlank();
                    assertThat(rejected.field()).as(record.recordRef()).isNotBlank();
                } else {
                    assertThat(record).isInstanceOf(MappedRecord.Events.class);
                }
            }
        }
    }

    @Test
    void vicsOrderBecomesOneOrderWithItsSixLines() {
        List<MappedRecord> records = map("nodex12_850_vics_4010.edi");

        assertThat(records).singleElement().isInstanceOf(MappedRecord.Events.class);
        OrderPlaced order = (OrderPlaced) ((MappedRecord.Events) records.get(0)).events().get(0);
        assertThat(order.orderRef()).isEqualTo("08292233294");
        assertThat(order.currency()).isEqualTo("USD");
        assertThat(order.occurredAt()).hasToString("2010-11-27T05:00:00Z");
        // PO1*1*120*EA*9.25*TE*CB*065322-117*PR*RO*VN*AB3542 ...: the VN id (the seller's item
        // number) is the SKU; N1*ST names its store with qualifier 9, so the account's L1.
        assertThat(order.lines()).extracting(OrderLine::lineRef, OrderLine::sku,
                OrderLine::quantity, l -> l.unitPrice().toPlainString(), OrderLine::location)
                .containsExactly(tuple("1", "AB3542", 120L, "9.25", "L1"),
                        tuple("2", "RD5322", 220L, "13.79", "L1"),
                        tuple("3", "XY5266", 126L, "10.99", "L1"),
                        tuple("4", "VX2332", 76L, "4.35", "L1"),
                        tuple("5", "RV0524", 72L, "7.5", "L1"),
                        tuple("6", "DX1875", 696L, "9.55", "L1"));
    }

    @Test
    void brokenProductIdPairIsAValidationErrorNotSilentData() {
        assertThat(map("edieng_850_syntax_note_violations.edi")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.field()).isEqualTo("PO106/PO107");
                    assertThat(r.reason()).startsWith("PO1 at line 15 has a product id"
                            + " qualifier without its id");
                });
    }

    @Test
    void envelopeFaultsAreRefusedNamingTheControlNumbers() {
        MappedRecord mismatch = map("edieng_940_control_number_mismatch.edi").get(0);
        assertThat(mismatch).isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
            assertThat(r.recordRef())
                    .isEqualTo("edieng_940_control_number_mismatch.edi#000003438/3314/0001");
            assertThat(r.reasonCode()).isEqualTo("UNREADABLE");
            assertThat(r.field()).isEqualTo("SE");
            assertThat(r.reason()).contains("SE at line 7", "0002 does not match ST02 0001",
                    "GE at line 8", "3315 does not match GS06 3314", "IEA at line 9",
                    "000003439 does not match ISA13 000003438");
        });

        assertThat(map("gozer_missing_isa_malformed.edi")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.recordRef()).isEqualTo("gozer_missing_isa_malformed.edi");
                    assertThat(r.reason()).contains("no ISA header", "GS*SH*4405197800");
                });
        assertThat(map("bots_850_ebcdic_encoded.x12")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class,
                        r -> assertThat(r.reason()).contains("EBCDIC"));

        List<MappedRecord> twice = map("nodex12_850_two_isa_duplicate_control_numbers.edi");
        assertThat(twice).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("Events", "Rejected");
        assertThat(((MappedRecord.Rejected) twice.get(1)).reason())
                .contains("interchange control number 000003438 at line 38 repeats");
    }

    @Test
    void testInterchangesBookNothingWhateverTheirSets() {
        List<MappedRecord> mixed = map("staedi_810_850_two_groups_mixed_versions.edi");

        assertThat(mixed).extracting(MappedRecord::recordRef, r -> r instanceof
                MappedRecord.Rejected rejected ? rejected.reasonCode() : "EVENTS")
                .containsExactly(
                        tuple("staedi_810_850_two_groups_mixed_versions.edi#000000020/1/000000001",
                                "TEST_INTERCHANGE"),
                        tuple("staedi_810_850_two_groups_mixed_versions.edi#000000020/1/000000002",
                                "TEST_INTERCHANGE"),
                        tuple("staedi_810_850_two_groups_mixed_versions.edi#000000020/165"
                                + "/000191240", "TEST_INTERCHANGE"));
        // The interchange is marked as test data (ISA15 T): its invoices and order book nothing.
        assertThat(((MappedRecord.Rejected) mixed.get(2)).reason()).isEqualTo("interchange"
                + " 000000020 is marked as test data (ISA15 T); nothing in it is booked");
    }

    @Test
    void setsOfOtherTypesAreRefusedAsUnsupportedByName() {
        assertThat(map("bots_830_ucs_grocery_forecast_wrapped_80col.x12")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.reasonCode()).isEqualTo("UNSUPPORTED_TRANSACTION_SET");
                    assertThat(r.field()).isEqualTo("ST01");
                    assertThat(r.reason()).startsWith("transaction set 830 (control number"
                            + " 00010001, group 10, interchange 000000785) is not mapped");
                });
    }

    /**
     * The VICS invoice from Canada: four lines in cases, each with its 7% GST as a line
     * SAC (D360, cents), adding up to the TDS total of 8,432.02.
     */
    @Test
    void vendorInvoiceIsRecordedWithLinesTaxAndTheTotalItStates() {
        List<MappedRecord> records = map("bots_810_vics_canada_gst_crlf.x12");

        VendorInvoiceReceived first = (VendorInvoiceReceived)
                ((MappedRecord.Events) records.get(0)).events().get(0);
        assertThat(first.invoiceNumber()).isEqualTo("465266");
        assertThat(first.kind()).isEqualTo(VendorInvoiceReceived.Kind.INVOICE);
        assertThat(first.orderRef()).isEqualTo("539893");
        assertThat(first.occurredAt()).hasToString("2002-05-24T04:00:00Z");
        // 16 x 52.56 + 12 x 207.72 + 18 x 169.20 + 9 x 166.80 = 7,880.40
        assertThat(first.lineTotal()).isEqualByComparingTo("7880.40");
        // GST: 58.87 + 174.48 + 213.19 + 105.08
        assertThat(first.taxTotal()).isEqualByComparingTo("551.62");
        assertThat(first.invoiceTotal()).isEqualByComparingTo("8432.02");
        assertThat(first.lines()).extracting(DocumentLine::productId,
                l -> l.quantity().toPlainString(), DocumentLine::unit,
                l -> l.amount().toPlainString())
                .containsExactly(tuple("UA:001055503223", "16", "CA", "840.96"),
                        tuple("UA:008814405004", "12", "CA", "2492.64"),
                        tuple("UA:001055503761", "18", "CA", "3045.6"),
                        tuple("UA:001055503441", "9", "CA", "1501.2"));

        VendorInvoiceReceived second = (VendorInvoiceReceived)
                ((MappedRecord.Events) records.get(1)).events().get(0);
        assertThat(second.invoiceNumber()).isEqualTo("465267");
        assertThat(second.invoiceTotal()).isEqualByComparingTo("1129.92");
        assertThat(second.taxTotal()).isEqualByComparingTo("73.92");
    }

    @Test
    void poAcknowledgementGivesEachLineItsAnswer() {
        OrderAcknowledged ack = (OrderAcknowledged) ((MappedRecord.Events)
                map("nodex12_855_book_po_ack.edi").get(0)).events().get(0);

        assertThat(ack.orderRef()).isEqualTo("POTEST1112");
        // BAK02 AD, but two of four lines are rejected (ACK IR).
        assertThat(ack.status()).isEqualTo(OrderAcknowledged.Status.ACCEPTED_WITH_CHANGES);
        assertThat(ack.lines()).extracting(DocumentLine::lineRef, DocumentLine::productId,
                l -> l.quantity().toPlainString(), l -> l.confirmedQuantity().toPlainString(),
                DocumentLine::status)
                .containsExactly(tuple("1", "EN:9780446360265", "3", "3", "ACCEPTED"),
                        tuple("2", "EN:9780767928427", "2", "0", "REJECTED"),
                        tuple("3", "EN:9780099599531", "1", "0", "REJECTED"),
                        tuple("4", "EN:9780446360272", "2", "2", "ACCEPTED"));
    }

    /**
     * A vendor's whole range in one advice: each item keeps its own level, found by its
     * position among thousands (each QTY belongs to the LIN before it).
     */
    @Test
    void anAdviceOfTwoThousandItemsGivesEachItsOwnLevel() {
        StringBuilder advice = new StringBuilder("ISA*00*          *00*          *ZZ*VENDOR2"
                + "        *ZZ*HUBRETAIL      *261204*1015*U*00401*000000501*0*P*>~"
                + "GS*IB*VENDOR2*HUBRETAIL*20261204*1015*501*X*004010~ST*846*0001~"
                + "BIA*00*DD*R-2000*20261204*0630~N1*WH*DC*92*L2~");
        for (int i = 1; i <= 2000; i++) {
            advice.append("LIN**VP*SKU-").append(i).append("~PID*F****ITEM ").append(i)
                    .append("~QTY*17*").append(i + 7).append("*EA~QTY*33*").append(i)
                    .append("*EA~");
        }
        advice.append("SE*8004*0001~GE*1*501~IEA*1*000000501~");

        List<MappedRecord> records = engine.map(new InboundMessage(1L, "x12", "V2",
                "transaction-sets", "big.edi", advice.toString().getBytes(
                        StandardCharsets.US_ASCII),
                Map.of("legalEntity", "US-RETAIL", "location", "L1")));

        assertThat(records).singleElement().isInstanceOf(MappedRecord.Events.class);
        List<VendorStockReported> levels = ((MappedRecord.Events) records.get(0)).events()
                .stream()
                        .map(VendorStockReported.class::cast)
                        .toList();
        assertThat(levels).hasSize(2000);
        for (int i = 1; i <= 2000; i++) {
            var level = levels.get(i - 1);
            assertThat(level.sku()).isEqualTo("SKU-" + i);
            // QTY*33 (available for sale) wins over QTY*17 (on hand).
            assertThat(level.quantity()).as(level.sku()).isEqualTo(i);
            assertThat(level.location()).isEqualTo("L2");
        }
        assertThat(levels.get(1999).key().externalId()).isEqualTo("R-2000/L2/SKU-2000");
        assertThat(levels.get(0).occurredAt()).hasToString("2026-12-04T11:30:00Z");
    }

    private List<MappedRecord> map(String name) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("legalEntity", "US-RETAIL");
        attributes.put("location", "L1");
        return engine.map(new InboundMessage(1L, "x12", "CHANNELX", "transaction-sets", name,
                Corpus.bytes("x12/" + name), attributes));
    }
}
