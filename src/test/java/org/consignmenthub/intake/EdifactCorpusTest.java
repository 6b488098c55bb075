package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.consignmenthub.canonical.DocumentLine;
import org.consignmenthub.canonical.VendorInvoiceReceived;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every EDIFACT file of the corpus through the channel its partner would send it on: each
 * gives exactly its golden records (events, or a rejection naming the file, the
 * interchange and message references, the segment and its line, and the reason). The
 * sales report's golden is kept by {@link EdifactSlsrptMappingTest}. The tests beside the
 * golden check the values that matter against the file as written. Golden files are
 * rewritten only with {@code -Dgolden.write=true}.
 */
class EdifactCorpusTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/edifact");

    /** The channel each file is sent on: the one for its message type. */
    private static final Map<String, String> CHANNELS = Map.ofEntries(
            Map.entry("bots_invoic_d96a_ean008_header_allowances_mixed_vat.edi", "edifact-invoic"),
            Map.entry("bots_orders_d96a_two_interchanges_mixed_crlf_lf.edi", "edifact-orders"),
            Map.entry("bots_slsrpt_d96a_ean004_vendor_consignment_multistore_returns.edi",
                    "edifact-slsrpt"),
            Map.entry("phpedifact_desadv_d96a_unoc_utf8.edi", "edifact-desadv"),
            Map.entry("phpedifact_orders_d01b_eancom_146_lines.edi", "edifact-orders"),
            // A partner sending a message type the hub has no channel for: tried as an order.
            Map.entry("phpedifact_paores_release_char_cases_unsupported_type.edi",
                    "edifact-orders"),
            Map.entry("pydifact_invoic_d97a_bgm381_credit_note_price_basis.edi", "edifact-invoic"),
            Map.entry("staedi_invoic_d93a_german_decimal_comma.edi", "edifact-invoic"),
            Map.entry("staedi_invoic_d97b_custom_una.edi", "edifact-invoic"),
            Map.entry("staedi_invoic_d97b_wrapped_15col.edi", "edifact-invoic"),
            Map.entry("staedi_orders_d96b_eancom_ung_group.edi", "edifact-orders"));

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")), List.of(new EdifactRecordReader()));

    static Stream<String> corpusFiles() throws IOException {
        List<String> names = GoldenJson.corpusFiles("edifact");
        assertThat(names).containsExactlyInAnyOrderElementsOf(CHANNELS.keySet());
        return names.stream().filter(n -> !CHANNELS.get(n).equals("edifact-slsrpt"));
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
                assertThat(record.recordRef()).startsWith(name + "#");
                if (record instanceof MappedRecord.Rejected rejected) {
                    assertThat(rejected.reason()).as(record.recordRef()).isNotBlank();
                    assertThat(rejected.field()).as(record.recordRef()).isNotBlank();
                }
            }
        }
    }

    /** D93A with UNA decimal comma: 750 + 19,9 + 7,5 = 777,4; 16% VAT 124,38; 901,78. */
    @Test
    void decimalCommaInvoiceAddsUp() {
        VendorInvoiceReceived invoice = invoice("staedi_invoic_d93a_german_decimal_comma.edi");

        assertThat(invoice.invoiceNumber()).isEqualTo("9908001");
        assertThat(invoice.currency()).isEqualTo("EUR");
        assertThat(invoice.lineTotal()).isEqualByComparingTo("777.40");
        assertThat(invoice.taxTotal()).isEqualByComparingTo("124.38");
        assertThat(invoice.invoiceTotal()).isEqualByComparingTo("901.78");
        assertThat(invoice.lines()).extracting(DocumentLine::productId,
                l -> l.quantity().toPlainString(), l -> l.unitPrice().toPlainString(),
                l -> l.amount().toPlainString())
                .containsExactly(tuple("4711.001", "1", "750", "750"),
                        tuple("4711.002", "1", "19.9", "19.9"),
                        tuple("4711.003", "3", "2.5", "7.5"));
    }

    /** The same invoice with a custom UNA and wrapped at 15 columns reads the same. */
    @Test
    void customSeparatorsAndWrappedLinesGiveTheSameInvoice() {
        VendorInvoiceReceived custom = invoice("staedi_invoic_d97b_custom_una.edi");
        VendorInvoiceReceived wrapped = invoice("staedi_invoic_d97b_wrapped_15col.edi");

        assertThat(wrapped).usingRecursiveComparison().isEqualTo(custom);
        // 1,202.58 + 410 = 1,612.58 of lines, plus the ABG charge of 525: 2,137.58.
        assertThat(custom.currency()).isEqualTo("USD");
        assertThat(custom.lineTotal()).isEqualByComparingTo("1612.58");
        assertThat(custom.allowanceTotal()).isEqualByComparingTo("-525");
        assertThat(custom.invoiceTotal()).isEqualByComparingTo("2137.58");
    }

    /** BGM 381, a price per 100 (PRI basis): 54 x 36.301724 = 1,960.29. */
    @Test
    void creditNoteKeepsItsKindAndPriceBasis() {
        VendorInvoiceReceived credit = invoice(
                "pydifact_invoic_d97a_bgm381_credit_note_price_basis.edi");

        assertThat(credit.kind()).isEqualTo(VendorInvoiceReceived.Kind.CREDIT_NOTE);
        assertThat(credit.invoiceNumber()).isEqualTo("1060113800026");
        assertThat(credit.invoiceTotal()).isEqualByComparingTo("1960.29");
        assertThat(credit.lines()).singleElement().satisfies(line -> {
            assertThat(line.quantity()).isEqualByComparingTo("54");
            assertThat(line.unitPrice()).isEqualByComparingTo("36.301724");
            assertThat(line.amount()).isEqualByComparingTo("1960.29");
        });
    }

    /** Header allowances and mixed VAT whose lines do not reach the stated line total. */
    @Test
    void invoiceWhoseTotalsDisagreeIsRefusedWithTheFigures() {
        assertThat(map("bots_invoic_d96a_ean008_header_allowances_mixed_vat.edi").get(0))
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.reasonCode()).isEqualTo("TOTALS_DISAGREE");
                    assertThat(r.field()).isEqualTo("MOA+79");
                    assertThat(r.reason()).contains("20051098", "32.5", "240.5");
                });
    }

    /** BGM+351+Y02197250+700101: the third element is the message function. */
    @Test
    void despatchAdviceWithAnUnknownFunctionIsRefused() {
        assertThat(map("phpedifact_desadv_d96a_unoc_utf8.edi")).singleElement()
                .isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.recordRef())
                            .isEqualTo("phpedifact_desadv_d96a_unoc_utf8.edi#1/142");
                    assertThat(r.reasonCode()).isEqualTo("UNSUPPORTED_FUNCTION");
                    assertThat(r.reason()).isEqualTo("despatch advice Y02197250 has message"
                            + " function 700101; only originals (9) are booked");
                });
    }

    /** Its UNT counts 14 segments of 23: the envelope fails before the type is looked at. */
    @Test
    void messageWithAWrongCountIsUnreadableNamingItsLine() {
        assertThat(map("phpedifact_paores_release_char_cases_unsupported_type.edi"))
                .singleElement().isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
                    assertThat(r.reasonCode()).isEqualTo("UNREADABLE");
                    assertThat(r.field()).isEqualTo("UNT");
                    assertThat(r.reason()).isEqualTo("UNT at line 25, element 1: the segment"
                            + " count 14 does not match the 23 segments of message 1");
                });
    }

    private VendorInvoiceReceived invoice(String name) {
        List<MappedRecord> records = map(name);
        assertThat(records).singleElement().isInstanceOf(MappedRecord.Events.class);
        return (VendorInvoiceReceived) ((MappedRecord.Events) records.get(0)).events().get(0);
    }

    private List<MappedRecord> map(String name) {
        String channel = CHANNELS.get(name);
        return engine.map(new InboundMessage(1L, channel, "V2",
                engine.catalog().messageTypeForFile(channel, name), name,
                Corpus.bytes("edifact/" + name),
                Map.of("legalEntity", "EU-RETAIL", "location", "L1")));
    }
}
