package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two TRADACOMS files of the corpus through the tradacoms channel, each giving exactly
 * its golden records, and the reader's handling of the syntax: the release character, the
 * MTR and END counts, and files that are not TRADACOMS. Golden files are rewritten only
 * with {@code -Dgolden.write=true}.
 */
class TradacomsCorpusTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/tradacoms");
    private static final String ORDER = "staedi_tradacoms_order.edi";
    private static final String REPORT = "edinet_tradacoms_ppr_store_sales_stock.edi";

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")), List.of(new TradacomsRecordReader()));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ORDER, REPORT})
    void corpusFileGivesItsGoldenRecords(String name) throws IOException {
        GoldenJson.assertGolden(GOLDEN.resolve(name + ".json"), name,
                map(name, Corpus.bytes("other-channels/" + name)));
    }

    /** ORD=70970::070315, OLD=1+5010210000000++:00893592+12+60: 60 of the supplier's EAN. */
    @Test
    void storeOrderBecomesOneOrderWithItsLine() {
        List<MappedRecord> records = map(ORDER, Corpus.bytes("other-channels/" + ORDER));

        assertThat(records).singleElement().satisfies(r -> assertThat(r.recordRef())
                .isEqualTo(ORDER + "#000007/2"));
        OrderPlaced order = (OrderPlaced) ((MappedRecord.Events) records.get(0)).events().get(0);
        assertThat(order.orderRef()).isEqualTo("70970");
        assertThat(order.customerRef()).isEqualTo("5000000000283");
        assertThat(order.currency()).isEqualTo("GBP");
        assertThat(order.occurredAt()).hasToString("2007-03-15T00:00:00Z");
        assertThat(order.lines()).extracting(OrderLine::lineRef, OrderLine::sku,
                OrderLine::quantity, OrderLine::unitPrice, OrderLine::location)
                .containsExactly(tuple("1", "5010210000000", 60L, null, "L1"));
    }

    /**
     * The report's detail message counts 50,496 segments in its MTR for the 33 it has: it
     * cannot be trusted whole, so it is refused naming the line and both counts.
     */
    @Test
    void reportWhoseCountDisagreesIsRefusedNamingTheCounts() {
        List<MappedRecord> records = map(REPORT, Corpus.bytes("other-channels/" + REPORT));

        assertThat(records).singleElement().isInstanceOfSatisfying(MappedRecord.Rejected.class,
                r -> {
                    assertThat(r.recordRef()).isEqualTo(REPORT + "#11488/2");
                    assertThat(r.reasonCode()).isEqualTo("UNREADABLE");
                    assertThat(r.field()).isEqualTo("MTR");
                    assertThat(r.reason()).startsWith("MTR at line 41: the segment count 50496"
                            + " does not match the ");
                });
    }

    /** ?' ?+ ?: and ?? are data, not separators: the text reads as the partner wrote it. */
    @Test
    void releaseCharacterKeepsSeparatorsAsData() {
        String file = "STX=ANA:1+S+R+261210:0900+9+PW+ORDHDR+B'MHD=1+ORDHDR:9'TYP=0430+NEW'"
                + "MTR=3'MHD=2+ORDERS:9'ORD=PO?'1?+2::261210'"
                + "OLD=1+:A++++2+100+++MUG?: BLUE ?? 1?'S'MTR=4'END=2'";

        List<RecordReader.ReadRecord> records = read(file);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.readable()).as(r.unreadableReason()).isTrue();
            JsonNode segments = r.tree().path("segments");
            assertThat(segments.get(0).path("elements").get(0).get(0).asText())
                    .isEqualTo("PO'1+2");
            assertThat(segments.get(1).path("elements").get(9).get(0).asText())
                    .isEqualTo("MUG: BLUE ? 1'S");
            assertThat(r.tree().path("header").path("segments").get(0).path("tag").asText())
                    .isEqualTo("TYP");
        });
    }

    @Test
    void transmissionWhoseEndCountDisagreesIsRefusedBesideItsMessages() {
        String file = "STX=ANA:1+S+R+261210:0900+9+PW+ORDHDR+B'MHD=1+ORDHDR:9'TYP=0430+NEW'"
                + "MTR=3'MHD=2+ORDERS:9'ORD=PO-1::261210'MTR=3'END=5'";

        List<RecordReader.ReadRecord> records = read(file);

        assertThat(records).extracting(RecordReader.ReadRecord::recordRef,
                RecordReader.ReadRecord::unreadableReason)
                .containsExactly(tuple("f.edi#9/2", null), tuple("f.edi#9",
                        "END at line 1: the message count 5 does not match the 2 messages of"
                                + " transmission 9"));
    }

    @Test
    void fileThatIsNotTradacomsIsRefusedWhole() {
        assertThat(read("UNB+UNOA:3+S+R+261210:0900+1'")).singleElement()
                .satisfies(r -> assertThat(r.unreadableReason()).isEqualTo("not a TRADACOMS"
                        + " transmission: the file starts with 'UNB+UNOA:3+S+R+26121' where"
                        + " STX= is expected"));
    }

    private List<RecordReader.ReadRecord> read(String text) {
        return new TradacomsRecordReader().read(message("f.edi",
                text.getBytes(StandardCharsets.ISO_8859_1)), null);
    }

    private List<MappedRecord> map(String name, byte[] payload) {
        return engine.map(message(name, payload));
    }

    private static InboundMessage message(String name, byte[] payload) {
        return new InboundMessage(1L, "tradacoms", "SOMESTORES", "transmissions", name, payload,
                Map.of("legalEntity", "UK-RETAIL", "location", "L1"));
    }
}
