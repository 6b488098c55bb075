package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * The EANCOM SLSRPT mapping run through the real engine and EDIFACT reader. The golden file
 * pins the corpus report's whole output; the line-by-line check beside it reads the corpus
 * independently of StAEDI and the mapping, so a regenerated golden cannot hide a wrong value.
 */
class EdifactSlsrptMappingTest {

    private static final String CHANNEL = "edifact-slsrpt";
    private static final String TYPE = "sales-report";
    private static final Path EXAMPLES = Path.of("mappings/edifact-slsrpt/examples");
    private static final Path GOLDEN =
            Path.of("src/test/resources/golden/edifact-slsrpt/bots_slsrpt_d96a.json");
    private static final String CORPUS =
            "edifact/bots_slsrpt_d96a_ean004_vendor_consignment_multistore_returns.edi";
    private static final String CORPUS_NAME = Path.of(CORPUS).getFileName().toString();
    private static final Instant SALES_DAY = Instant.parse("2008-03-31T00:00:00Z");

    /**
     * The canonical mapper, keeping the scale of decimals in trees: by default a tree drops
     * trailing zeros, and a unit price of 24.90 must stay 24.90.
     */
    private static final ObjectMapper JSON = CanonicalJson.mapper().copy()
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private final MappingEngine engine = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")),
            List.of(new EdifactRecordReader(), new JsonRecordReader(), new CsvRecordReader()));

    @Test
    void exampleGivesExactlyItsExpectedOutput() throws IOException {
        List<MappedRecord> records = map("small.edi",
                Files.readAllBytes(EXAMPLES.resolve("small.edi")), "5412345000013",
                Map.of("timeZone", "+01:00"));

        assertThat(records).hasSize(1);
        List<CanonicalEvent> events = events(records.get(0));
        assertThat(GoldenJson.events(events))
                .isEqualTo(JSON.readTree(EXAMPLES.resolve("small.expected.json").toFile()));
        // The report's sales first, then its returns, whatever the order of its lines.
        assertThat(events).extracting(e -> e.key().externalId()).containsExactly(
                "SR20240512/1/sale", "SR20240512/1/shipment", "SR20240512/4/sale",
                "SR20240512/4/shipment", "SR20240512/2/return");
        // 74.70 for 3 units and 11.88 for 12: unit prices keep the cents as written.
        assertThat(events).filteredOn(SaleCompleted.class::isInstance)
                .extracting(e -> ((SaleCompleted) e).lines().get(0).unitPrice().toPlainString())
                .containsExactly("24.90", "0.99");
        // The second store block has no DTM+356: the document date stands in.
        assertThat(events).extracting(CanonicalEvent::occurredAt).containsExactly(
                Instant.parse("2024-05-11T23:00:00Z"), Instant.parse("2024-05-11T23:00:00Z"),
                Instant.parse("2024-05-12T23:00:00Z"), Instant.parse("2024-05-12T23:00:00Z"),
                Instant.parse("2024-05-11T23:00:00Z"));
    }

    @Test
    void corpusReportMatchesItsGolden() throws IOException {
        GoldenJson.assertGolden(GOLDEN, CORPUS_NAME, mapCorpus(Map.of()));
    }

    @Test
    void corpusReportGivesItsSalesAndReturns() {
        List<MappedRecord> records = mapCorpus(Map.of());

        // Two interchanges of one message each; the second is an unfilled template.
        assertThat(records).extracting(MappedRecord::recordRef).containsExactly(
                CORPUS_NAME + "#76/1", CORPUS_NAME + "#XXX/XXX");
        List<CanonicalEvent> events = events(records.get(0));
        assertThat(events).hasSize(380);
        assertThat(events.stream().collect(Collectors.groupingBy(
                e -> e.getClass().getSimpleName(), Collectors.counting())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "SaleCompleted", 184L, "ShipmentConfirmed", 184L, "ReturnReceived", 12L));
        assertThat(events).extracting(CanonicalEvent::occurredAt).containsOnly(SALES_DAY);
        assertThat(events).extracting(e -> e.key().externalId()).doesNotHaveDuplicates();
        assertThat(events).extracting(e -> e.key().account()).containsOnly("8712345555555");

        SaleCompleted first = (SaleCompleted) events.get(0);
        assertThat(first.orderRef()).isEqualTo("20060801005-8712345001472");
        assertThat(first.currency()).isEqualTo("EUR");
        assertThat(first.customerRef()).isNull();
        assertThat(first.key().externalId()).isEqualTo("20060801005/1/sale");
        // LIN 1: PRI 27 for QTY 2 of EAN 8712345275208 at store 8712345001472.
        assertThat(first.lines()).extracting(OrderLine::lineRef, OrderLine::sku,
                        OrderLine::quantity, l -> l.unitPrice().toPlainString(),
                        OrderLine::location)
                .containsExactly(tuple("1", "8712345275208", 2L, "13.5", "8712345001472"));
        ShipmentConfirmed carried = (ShipmentConfirmed) events.get(1);
        assertThat(carried.shipmentRef()).isEqualTo("20060801005-8712345001472");
        assertThat(carried.lines()).isEqualTo(first.lines());

        // LIN 7: QTY -1 of EAN 8712345275208 (PRI 19.95) at store 8712345000345. The
        // report cannot say which sale it reverses: no order line, matched by its store.
        // All 368 sale events come before the 12 returns.
        assertThat(events.subList(0, 368)).noneMatch(ReturnReceived.class::isInstance);
        ReturnReceived returned = (ReturnReceived) events.get(368);
        assertThat(returned.key().externalId()).isEqualTo("20060801005/7/return");
        assertThat(returned).extracting(ReturnReceived::returnRef, ReturnReceived::orderRef,
                        ReturnReceived::lineRef, ReturnReceived::matchBy,
                        ReturnReceived::customerRef, ReturnReceived::sku,
                        ReturnReceived::quantity, ReturnReceived::condition,
                        ReturnReceived::location)
                .containsExactly("20060801005-8712345000345", null, null,
                        ReturnReceived.MatchBy.LOCATION, null, "8712345275208", 1L,
                        "RESALEABLE", "8712345000345");

        // LIN 36: PRI 29.85 for QTY 3, the same EAN that sells alone at 9.95 in LIN 29.
        assertThat(saleLine(events, "36")).extracting(OrderLine::sku,
                        OrderLine::quantity, l -> l.unitPrice().toPlainString())
                .containsExactly("8712345717473", 3L, "9.95");
        assertThat(saleLine(events, "29").unitPrice()).isEqualByComparingTo("9.95");
    }

    @Test
    void corpusTemplateInterchangeIsRejectedForItsPlaceholders() {
        MappedRecord second = mapCorpus(Map.of()).get(1);

        assertThat(second).isInstanceOf(MappedRecord.Rejected.class);
        MappedRecord.Rejected rejected = (MappedRecord.Rejected) second;
        assertThat(rejected.field()).isEqualTo("BGM.documentNumber");
        assertThat(rejected.reasonCode()).isEqualTo("PLACEHOLDER_REFERENCE");
        assertThat(rejected.reason()).contains("BGM document number XXX",
                "message reference XXX", "interchange reference XXX", "marked as a test");
        assertThat(rejected.rawRecord()).startsWith("UNH+XXX+SLSRPT").endsWith("UNT+701+XXX'");
    }

    /**
     * Every LIN of the first interchange against the events, read from the file with plain
     * patterns (it holds one segment per line): what was sold is sold at its store, what was
     * returned comes back, and unit price times units gives back the PRI amount.
     */
    @Test
    void corpusEventsAgreeLineByLineWithTheFile() {
        String text = new String(Corpus.bytes(CORPUS), StandardCharsets.US_ASCII);
        List<FileLine> file = fileLines(text.substring(0, text.indexOf("UNZ+1+76'")));
        List<CanonicalEvent> events = events(mapCorpus(Map.of()).get(0));

        assertThat(file).hasSize(196);
        assertThat(file).filteredOn(l -> l.quantity() < 0).hasSize(12);
        // 52 store blocks, two stores (…0345 and …1472) reporting in two blocks each.
        assertThat(file.stream().map(FileLine::store).distinct()).hasSize(50);
        // Both interchanges together: what the corpus notes promise of the file.
        assertThat(count(text, "\nLIN+")).isEqualTo(392);
        assertThat(count(text, "QTY+153:-")).isEqualTo(24);
        assertThat(count(text, "\nLOC+162+")).isEqualTo(104);

        Map<String, SaleCompleted> sales = new HashMap<>();
        Map<String, ReturnReceived> returns = new HashMap<>();
        for (CanonicalEvent event : events) {
            if (event instanceof SaleCompleted sale) {
                sales.put(sale.lines().get(0).lineRef(), sale);
            } else if (event instanceof ReturnReceived ret) {
                // <BGM>/<LIN>/return: a return names no line, its id does.
                returns.put(ret.key().externalId().split("/")[1], ret);
            }
        }
        for (FileLine line : file) {
            if (line.quantity() > 0) {
                OrderLine sold = sales.get(line.lin()).lines().get(0);
                assertThat(sold.sku()).isEqualTo(line.sku());
                assertThat(sold.location()).isEqualTo(line.store());
                assertThat(sold.quantity()).isEqualTo(line.quantity());
                assertThat(sold.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
                        .as("LIN %s", line.lin()).isEqualByComparingTo(line.amount());
            } else {
                ReturnReceived ret = returns.get(line.lin());
                assertThat(ret.sku()).isEqualTo(line.sku());
                assertThat(ret.location()).isEqualTo(line.store());
                assertThat(ret.quantity()).isEqualTo(-line.quantity());
            }
        }
        assertThat(sales).hasSize(184);
        assertThat(returns).hasSize(12);
    }

    @Test
    void timeZoneOffsetPlacesTheSalesDay() {
        List<CanonicalEvent> events = events(mapCorpus(Map.of("timeZone", "+02:00")).get(0));

        assertThat(events).extracting(CanonicalEvent::occurredAt)
                .containsOnly(Instant.parse("2008-03-30T22:00:00Z"));
    }

    @Test
    void regionNamesAreRefusedAsTimeZones() {
        MappedRecord record = mapCorpus(Map.of("timeZone", "Europe/Amsterdam")).get(0);

        assertThat(record).isInstanceOfSatisfying(MappedRecord.Rejected.class, r -> {
            assertThat(r.field()).isEqualTo("timeZone");
            assertThat(r.reason()).contains("Europe/Amsterdam");
        });
    }

    @Test
    void aResentReportKeepsItsEventKeys() {
        String report = "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R77+9'DTM+137:20240601:102'"
                + "LOC+162+5412345000129::9'LIN+1++5498765100043:EN'PRI+NTP:5::RTP'"
                + "QTY+153:1:PCE'UNT+8+1'";
        List<CanonicalEvent> first = events(map("a.edi", interchange("100", report)).get(0));
        List<CanonicalEvent> resent = events(map("b.edi", interchange("101", report)).get(0));

        assertThat(resent).extracting(CanonicalEvent::key)
                .isEqualTo(first.stream().map(CanonicalEvent::key).toList());
    }

    @Test
    void anAmountThatDoesNotDivideIsRoundedToTheCent() {
        String report = "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R78+9'DTM+137:20240601:102'"
                + "LOC+162+5412345000129::9'LIN+1++5498765100043:EN'PRI+NTP:10::RTP'"
                + "QTY+153:3:PCE'UNT+8+1'";
        SaleCompleted sale = (SaleCompleted) events(map("c.edi", interchange("102", report))
                .get(0)).get(0);

        assertThat(sale.lines().get(0).unitPrice().toPlainString()).isEqualTo("3.33");
    }

    @Test
    void aReportOfZeroQuantitiesIsSkipped() {
        String report = "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R79+9'DTM+137:20240601:102'"
                + "LOC+162+5412345000129::9'LIN+1++5498765100043:EN'QTY+153:0:PCE'UNT+7+1'";
        List<MappedRecord> records = map("d.edi", interchange("103", report));

        assertThat(records).singleElement().isInstanceOfSatisfying(MappedRecord.Skipped.class,
                s -> assertThat(s.reasonCode()).isEqualTo("ZERO_QUANTITY"));
    }

    @Test
    void aLineWithoutItsQuantityRejectsTheWholeReport() {
        String report = "UNH+1+SLSRPT:D:96A:UN:EAN004'BGM+73E+R80+9'DTM+137:20240601:102'"
                + "LOC+162+5412345000129::9'LIN+1++5498765100043:EN'QTY+153:2:PCE'"
                + "LIN+2++5498765100050:EN'PRI+NTP:5::RTP'UNT+9+1'";
        List<MappedRecord> records = map("e.edi", interchange("104", report));

        assertThat(records).singleElement().isInstanceOfSatisfying(MappedRecord.Rejected.class,
                r -> {
                    assertThat(r.field()).isEqualTo("QTY+153");
                    assertThat(r.reason()).contains("line 2");
                });
    }

    /** One LIN of the corpus as the file states it. */
    private record FileLine(String lin, String sku, long quantity, BigDecimal amount,
            String store) {
    }

    private static List<FileLine> fileLines(String text) {
        Pattern loc = Pattern.compile("^LOC\\+162\\+(\\d+)::9'$");
        Pattern lin = Pattern.compile("^LIN\\+(\\d+)\\+\\+(\\d+):EN'$");
        Pattern pri = Pattern.compile("^PRI\\+NTP:([0-9.]+)::RTP'$");
        Pattern qty = Pattern.compile("^QTY\\+153:(-?\\d+):PCE'$");
        List<FileLine> lines = new ArrayList<>();
        String store = null;
        Map<String, String> open = new LinkedHashMap<>();
        for (String row : text.split("\r\n")) {
            Matcher m;
            if ((m = loc.matcher(row)).matches()) {
                store = m.group(1);
            } else if ((m = lin.matcher(row)).matches()) {
                open.clear();
                open.put("lin", m.group(1));
                open.put("sku", m.group(2));
            } else if ((m = pri.matcher(row)).matches()) {
                open.put("amount", m.group(1));
            } else if ((m = qty.matcher(row)).matches()) {
                lines.add(new FileLine(open.get("lin"), open.get("sku"),
                        Long.parseLong(m.group(1)), new BigDecimal(open.get("amount")), store));
            }
        }
        return lines;
    }

    private static int count(String text, String what) {
        int found = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            found++;
        }
        return found;
    }

    private static OrderLine saleLine(List<CanonicalEvent> events, String lineRef) {
        return events.stream().filter(SaleCompleted.class::isInstance)
                .map(e -> ((SaleCompleted) e).lines().get(0))
                .filter(l -> l.lineRef().equals(lineRef)).findFirst().orElseThrow();
    }

    private static byte[] interchange(String controlRef, String message) {
        return ("UNA:+.? 'UNB+UNOC:3+5412345000013:14+5498765000017:14+240601:0700+"
                + controlRef + "'" + message + "UNZ+1+" + controlRef + "'")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private List<MappedRecord> mapCorpus(Map<String, String> attributes) {
        return map(CORPUS_NAME, Corpus.bytes(CORPUS), "8712345555555", attributes);
    }

    private List<MappedRecord> map(String name, byte[] payload) {
        return map(name, payload, "5412345000013", Map.of());
    }

    private List<MappedRecord> map(String name, byte[] payload, String account,
            Map<String, String> attributes) {
        Map<String, String> all = new HashMap<>(attributes);
        all.put("legalEntity", "RETAIL-01");
        return engine.map(new InboundMessage(1L, CHANNEL, account, TYPE, name, payload, all));
    }

    private static List<CanonicalEvent> events(MappedRecord record) {
        assertThat(record).as(record::toString).isInstanceOf(MappedRecord.Events.class);
        return ((MappedRecord.Events) record).events();
    }
}
