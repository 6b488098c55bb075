package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Online Retail sales-report mapping on real day files of the corpus, read in place.
 * The golden pins the first forty records of 2010-12-01 whole; beside it, the same records
 * and the day's counts are worked out again from a plain reading of the CSV, so a golden
 * regenerated from a wrong mapping cannot pass.
 */
class OnlineRetailMappingTest {

    private static final String CHANNEL = "online-retail";
    private static final String DAY = "retail-dataset/online-retail-by-day/2010-12-01.csv";
    private static final String SUMMER_DAY =
            "retail-dataset/online-retail-by-day/2011-06-02.csv";
    private static final Path GOLDEN =
            Path.of("src/test/resources/golden/online-retail/2010-12-01.first40.json");
    private static final int GOLDEN_RECORDS = 40;

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter INVOICE_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Map<String, String> ATTRIBUTES = Map.of(
            "legalEntity", "UK-RETAIL",
            "location", "WH1",
            "receivedAt", "2010-12-02T06:00:00Z");

    private static final MappingEngine ENGINE = new MappingEngine(
            MappingCatalog.load(Path.of("mappings")),
            List.of(new CsvRecordReader(), new JsonRecordReader()));

    /** The day mapped once for all tests: its 3,108 rows take a second or two. */
    private static List<MappedRecord> day;
    private static List<Row> rows;

    @BeforeAll
    static void mapTheDay() {
        day = map(DAY);
        rows = rows(Corpus.bytes(DAY));
    }

    @Test
    void firstFortyRecordsOfTheDayMatchTheirGolden() {
        List<MappedRecord> first = day.subList(0, GOLDEN_RECORDS);

        assertThat(GoldenJson.pretty(GoldenJson.records(first)))
                .isEqualTo(GoldenJson.pretty(GoldenJson.read(GOLDEN)));
    }

    @Test
    void firstFortyRecordsCarryTheValuesOfTheirRows() {
        List<MappedRecord> first = day.subList(0, GOLDEN_RECORDS);

        // The day file is in InvoiceDate order already, so the first records are lines 2-41.
        for (int i = 0; i < GOLDEN_RECORDS; i++) {
            Row row = rows.get(i);
            MappedRecord record = first.get(i);
            assertThat(record.recordRef()).isEqualTo("2010-12-01.csv:" + row.line());
            assertThat(record).isInstanceOf(MappedRecord.Events.class);
            List<CanonicalEvent> events = ((MappedRecord.Events) record).events();
            SaleCompleted sale = (SaleCompleted) events.get(0);
            ShipmentConfirmed shipment = (ShipmentConfirmed) events.get(1);

            assertThat(sale.orderRef()).isEqualTo(row.invoiceNo());
            assertThat(sale.customerRef()).isEqualTo(row.customerId().replace(".0", ""));
            assertThat(sale.currency()).isEqualTo("GBP");
            // December: London keeps Greenwich time, so the wall clock is the UTC time.
            assertThat(sale.occurredAt()).isEqualTo(row.londonTime());
            assertThat(sale.lines()).extracting(OrderLine::lineRef, OrderLine::sku,
                            OrderLine::quantity, OrderLine::unitPrice, OrderLine::location)
                    .containsExactly(tuple(record.recordRef(), row.stockCode(),
                            (long) row.quantity(), row.unitPrice(), "WH1"));
            assertThat(shipment.shipmentRef()).isEqualTo(row.invoiceNo());
            assertThat(shipment.occurredAt()).isEqualTo(sale.occurredAt());
            assertThat(shipment.lines()).isEqualTo(sale.lines());
        }
        // Spot values read off the file by eye: line 2 and line 41.
        assertThat(first.get(0).rawRecord()).isEqualTo("536365,85123A,WHITE HANGING HEART"
                + " T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom");
        SaleCompleted last = (SaleCompleted) ((MappedRecord.Events) first.get(39))
                .events().get(0);
        assertThat(last.occurredAt()).isEqualTo(Instant.parse("2010-12-01T08:45:00Z"));
        assertThat(last.customerRef()).isEqualTo("12583");
        assertThat(last.lines().get(0).sku()).isEqualTo("21731");
        assertThat(last.lines().get(0).unitPrice()).isEqualByComparingTo("1.65");
    }

    @Test
    void wholeDayCountsAgreeWithAPlainReadingOfTheFile() {
        long nonStock = rows.stream().filter(Row::nonStock).count();
        long sales = rows.stream().filter(r -> !r.nonStock() && r.sale()).count();
        long returns = rows.stream().filter(r -> !r.nonStock() && r.customerReturn()).count();
        List<Row> neither = rows.stream()
                .filter(r -> !r.nonStock() && !r.sale() && !r.customerReturn()).toList();

        assertThat(day).hasSize(rows.size());
        assertThat(day).filteredOn(MappedRecord.Skipped.class::isInstance)
                .extracting(r -> ((MappedRecord.Skipped) r).reasonCode())
                .hasSize((int) nonStock).containsOnly("NON_STOCK");
        assertThat(day).filteredOn(MappedRecord.Rejected.class::isInstance)
                .extracting(MappedRecord::recordRef,
                        r -> ((MappedRecord.Rejected) r).reasonCode(),
                        r -> ((MappedRecord.Rejected) r).field())
                .containsExactlyElementsOf(neither.stream().map(r -> tuple(
                        "2010-12-01.csv:" + r.line(), "NOT_A_SALE_OR_RETURN", "Quantity"))
                        .toList());
        assertThat(events(day, SaleCompleted.class)).hasSize((int) sales);
        assertThat(events(day, ShipmentConfirmed.class)).hasSize((int) sales);
        assertThat(events(day, ReturnReceived.class)).hasSize((int) returns);

        // The day's figures as counted with another CSV reader when this test was written,
        // so that a changed corpus file shows up as well.
        assertThat(rows).hasSize(3108);
        assertThat(nonStock).isEqualTo(9);
        assertThat(sales).isEqualTo(3073);
        assertThat(returns).isEqualTo(25);
        assertThat(neither).extracting(Row::line).containsExactly(2408);
    }

    @Test
    void returnsGiveBackThePositiveQuantityOfTheirCreditInvoice() {
        List<Row> returnRows = rows.stream()
                .filter(r -> !r.nonStock() && r.customerReturn()).toList();

        List<ReturnReceived> returns = events(day, ReturnReceived.class);

        assertThat(returns).extracting(ReturnReceived::returnRef, ReturnReceived::sku,
                        ReturnReceived::quantity, ReturnReceived::occurredAt)
                .containsExactlyElementsOf(returnRows.stream().map(r -> tuple(r.invoiceNo(),
                        r.stockCode(), (long) -r.quantity(), r.londonTime())).toList());
        assertThat(returns).allSatisfy(r -> {
            assertThat(r.orderRef()).isNull();
            assertThat(r.condition()).isEqualTo("RESALEABLE");
            assertThat(r.location()).isEqualTo("WH1");
        });
    }

    @Test
    void summerInvoiceTimesAreLondonSummerTime() {
        // Line 177: 555289,23207,LUNCH BAG ALPHABET DESIGN,10,2011-06-02 10:00:00,...
        MappedRecord record = map(SUMMER_DAY).stream()
                .filter(r -> r.recordRef().equals("2011-06-02.csv:177"))
                .findFirst().orElseThrow();

        SaleCompleted sale = (SaleCompleted) ((MappedRecord.Events) record).events().get(0);
        assertThat(sale.orderRef()).isEqualTo("555289");
        assertThat(sale.lines().get(0).sku()).isEqualTo("23207");
        assertThat(sale.occurredAt()).isEqualTo(Instant.parse("2011-06-02T09:00:00Z"));
    }

    private static List<MappedRecord> map(String corpusFile) {
        String name = Path.of(corpusFile).getFileName().toString();
        return ENGINE.map(new InboundMessage(1L, CHANNEL, "default", "sales-report", name,
                Corpus.bytes(corpusFile), ATTRIBUTES));
    }

    private static <T extends CanonicalEvent> List<T> events(List<MappedRecord> records,
            Class<T> type) {
        return records.stream()
                .filter(MappedRecord.Events.class::isInstance)
                .flatMap(r -> ((MappedRecord.Events) r).events().stream())
                .filter(type::isInstance).map(type::cast).toList();
    }

    /** A data row as the file states it, with its line number. */
    private record Row(int line, String invoiceNo, String stockCode, int quantity,
            String invoiceDate, BigDecimal unitPrice, String customerId) {

        boolean nonStock() {
            return stockCode.isEmpty() || !Character.isDigit(stockCode.charAt(0));
        }

        boolean sale() {
            return !invoiceNo.startsWith("C") && quantity > 0;
        }

        boolean customerReturn() {
            return invoiceNo.startsWith("C") && quantity < 0;
        }

        Instant londonTime() {
            return LocalDateTime.parse(invoiceDate, INVOICE_DATE).atZone(LONDON).toInstant();
        }
    }

    /**
     * The file's rows, one per text line: no field of these files spans lines, and only the
     * description is ever quoted (when it holds a comma).
     */
    private static List<Row> rows(byte[] file) {
        String[] lines = new String(file, StandardCharsets.UTF_8).split("\n");
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            List<String> f = fields(lines[i].stripTrailing());
            rows.add(new Row(i + 1, f.get(0), f.get(1), Integer.parseInt(f.get(3)), f.get(4),
                    new BigDecimal(f.get(5)), f.get(6)));
        }
        return rows;
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
