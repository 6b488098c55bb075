package org.consignmenthub.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle on a tiny hand-written data set of two months, with every figure worked out by
 * hand below. Agreed prices (60% of the first positive sale price, half up):
 * 21733 HEART 2.55 -> 1.53; 85123A HEART 2.95 -> 1.77; 71053 LANTERN 1.075 -> 0.645 -> 0.65;
 * 35961 HEART+CHRISTMAS 0.85 -> 0.51 (NORTHPOLE); 22086 CHRISTMAS 2.55 -> 1.53.
 */
class OnlineRetailOracleTest {

    private static final String HEADER =
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    /** Line numbers in the comments are file lines; the header is line 1. */
    private static final String DEC_01 = HEADER + """
            536001,POST,POSTAGE,1,2010-12-01 09:00:00,18.0,12583.0,France
            536002,22423,REGENCY CAKESTAND 3 TIER,2,2010-12-01 09:10:00,12.75,17850.0,UK
            536003,21733,RED HANGING HEART T-LIGHT HOLDER,6,2010-12-01 09:20:00,2.55,17850.0,UK
            536003,21733,RED HANGING HEART T-LIGHT HOLDER,6,2010-12-01 09:20:00,2.55,17850.0,UK
            536004,71053,WHITE METAL LANTERN,4,2010-12-01 10:00:00,0.0,13047.0,UK
            536005,35961,"FOLKART ZINC HEART, CHRISTMAS DEC",12,2010-12-01 11:00:00,0.85,13047.0,UK
            """;
    // L2 non-stock. L3 retailer sale 2. L4, L5 identical: two HEARTWORKS transfers 6 x 1.53
    // = 9.18 (tax 1.84) each. L6 LUMEN sale at price 0: 4 x 0.65 = 2.60 (0.52).
    // L7 NORTHPOLE (CHRISTMAS beats HEART; quoted comma): 12 x 0.51 = 6.12 (1.22).

    private static final String DEC_15 = HEADER + """
            536100,71053,WHITE METAL LANTERN,2,2010-12-15 10:00:00,1.075,13047.0,UK
            C536101,21733,RED HANGING HEART T-LIGHT HOLDER,-9,2010-12-15 12:00:00,2.55,17850.0,UK
            C536102,35961,FOLKART ZINC HEART CHRISTMAS DEC,-2,2010-12-15 12:30:00,0.85,,UK
            C536103,71053,WHITE METAL LANTERN,-7,2010-12-15 13:00:00,1.075,13047.0,UK
            C536104,22423,REGENCY CAKESTAND 3 TIER,-1,2010-12-15 14:00:00,12.75,99999.0,UK
            536105,22423,REGENCY CAKESTAND 3 TIER,-3,2010-12-15 15:00:00,0.0,,UK
            C536106,21733,RED HANGING HEART T-LIGHT HOLDER,1,2010-12-15 16:00:00,2.55,17850.0,UK
            536107,85123A,WHITE HANGING HEART T-LIGHT HOLDER,10,2010-12-15 17:00:00,2.95,17850.0,UK
            C536108,85123a,WHITE HANGING HEART T-LIGHT HOLDER,-3,2010-12-15 18:00:00,2.95,17850.0,UK
            536109,22086,,1,2010-12-15 19:00:00,0.0,,UK
            """;
    // L2 first positive LUMEN price: 2 x 0.65 = 1.30 (0.26).
    // L3 consigned return accepted: 17850 holds 6 + 6; latest first: 6 from L5, 3 from L4;
    // credit lines 9.18 (1.84) and 4.59 (0.92); tax per line: one line 13.77 would be 2.75.
    // L4 no CustomerID: NO_MATCHING_SALE. L5 wants 7 of 6: rejected whole, NO_MATCHING_SALE.
    // L6 retailer-owned return accepted (any customer). L7 negative non-C and L8 C with a
    // positive quantity: NOT_A_SALE_OR_RETURN. L9 HEARTWORKS 10 x 1.77 = 17.70 (3.54).
    // L10 85123a is not 85123A: never sold, so retailer-owned and accepted.
    // L11 blank description: 22086 takes its description from its first non-blank sale
    // (2011-01-05 L7), so this sale is a NORTHPOLE transfer 1 x 1.53 = 1.53 (0.31).

    private static final String DEC_31 = HEADER + """
            C536200,35961,FOLKART ZINC HEART CHRISTMAS DEC,-2,2010-12-31 11:00:00,0.85,13047.0,UK
            """;
    // Exactly 720 h after the sale of 2010-12-01 11:00: accepted, 2 x 0.51 = 1.02 (0.20).

    private static final String JAN_05 = HEADER + """
            536300,21733,RED HANGING HEART T-LIGHT HOLDER,3,2011-01-05 09:00:00,2.95,14000.0,UK
            C536301,21733,RED HANGING HEART T-LIGHT HOLDER,-3,2011-01-05 09:00:00,2.95,14000.0,UK
            536302,22423,REGENCY CAKESTAND 3 TIER,5,2011-01-05 10:00:00,10.95,17850.0,UK
            C536303,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-1,2011-01-05 11:00:00,2.95,15000.0,UK
            536304,85123A,WHITE HANGING HEART T-LIGHT HOLDER,1,2011-01-05 11:00:00,2.95,15000.0,UK
            536305,22086,PAPER CHAIN KIT 50'S CHRISTMAS ,2,2011-01-05 12:00:00,2.55,12000.0,UK
            536306,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,2011-01-05 12:30:00,2.95,17850.0,UK
            C536307,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,2011-01-05 13:00:00,2.95,17850.0,UK
            """;
    // L2 keeps the agreed price 1.53: 3 x 1.53 = 4.59 (0.92). L3 same minute, later in
    // processing order: accepted, credit 4.59 (0.92). L4 retailer sale 5.
    // L5 same minute as its sale but earlier in processing order: NO_MATCHING_SALE.
    // L6 1 x 1.77 = 1.77 (0.35). L7 2 x 1.53 = 3.06 (0.61). L8 2 x 1.77 = 3.54 (0.71).
    // L9 17850 holds 10 from 2010-12-15 and 2 from L8: latest first takes L8, credit 3.54.

    private static final String JAN_20 = HEADER + """
            C536400,71053,WHITE METAL LANTERN,-1,2011-01-20 10:00:00,1.075,13047.0,UK
            C536402,35961,FOLKART ZINC HEART CHRISTMAS DEC,-4,2011-01-20 12:00:00,0.85,16000.0,UK
            536401,35961,FOLKART ZINC HEART CHRISTMAS DEC,4,2011-01-20 11:00:00,0.85,16000.0,UK
            C536403,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,2011-01-20 09:00:00,2.95,17850.0,UK
            """;
    // L2 latest lantern sale 2010-12-15 10:00 + 720 h = 2011-01-14 10:00: NO_MATCHING_SALE.
    // L4 (11:00) is processed before L3 (12:00): sale 4 x 0.51 = 2.04 (0.41), then the
    // return is accepted with a credit of 2.04 (0.41).
    // L5 (processed first): the 10 of 2010-12-15 17:00 left the window at 2011-01-14 17:00
    // and the 2 of 2011-01-05 went back already: NO_MATCHING_SALE. Matching the earliest
    // sale first would have accepted both this return and the one of 2011-01-05.

    private static final String EXPECTED = """
            {
              "vendors": [
                {"vendor": "HEARTWORKS", "skus": 2,
                 "unitsReceived": 28, "unitsTransferred": 28, "valueTransferred": "45.96",
                 "invoices": 2, "invoiceTotal": "45.96", "invoiceTax": "9.20",
                 "returnsAccepted": 3, "unitsReturned": 14,
                 "creditNotes": 2, "creditTotal": "21.90", "creditTax": "4.39",
                 "returnsRejected": 2, "onHand": 14,
                 "months": [
                   {"month": "2010-12", "invoiced": "36.06", "credited": "13.77"},
                   {"month": "2011-01", "invoiced": "9.90", "credited": "8.13"}]},
                {"vendor": "LUMEN", "skus": 1,
                 "unitsReceived": 6, "unitsTransferred": 6, "valueTransferred": "3.90",
                 "invoices": 1, "invoiceTotal": "3.90", "invoiceTax": "0.78",
                 "returnsAccepted": 0, "unitsReturned": 0,
                 "creditNotes": 0, "creditTotal": "0.00", "creditTax": "0.00",
                 "returnsRejected": 2, "onHand": 0,
                 "months": [{"month": "2010-12", "invoiced": "3.90", "credited": "0.00"}]},
                {"vendor": "NORTHPOLE", "skus": 2,
                 "unitsReceived": 19, "unitsTransferred": 19, "valueTransferred": "12.75",
                 "invoices": 2, "invoiceTotal": "12.75", "invoiceTax": "2.55",
                 "returnsAccepted": 2, "unitsReturned": 6,
                 "creditNotes": 2, "creditTotal": "3.06", "creditTax": "0.61",
                 "returnsRejected": 1, "onHand": 6,
                 "months": [
                   {"month": "2010-12", "invoiced": "7.65", "credited": "1.02"},
                   {"month": "2011-01", "invoiced": "5.10", "credited": "2.04"}]}
              ],
              "retailer": {"skus": 1, "unitsReceived": 7, "unitsSold": 7, "unitsReturned": 4,
                           "onHand": 4},
              "rows": {"total": 29, "sales": 14, "returns": 7, "nonStock": 1,
                       "rejected": {"NO_MATCHING_SALE": 5, "NOT_A_SALE_OR_RETURN": 2}}
            }
            """;

    @TempDir
    static Path tmp;

    private static Path dataDir;
    private static ObjectNode summary;

    @BeforeAll
    static void writeTinyDataSet() throws IOException {
        dataDir = Files.createDirectories(tmp.resolve("two-months"));
        writeDay(dataDir, "2010-12-01.csv", DEC_01);
        writeDay(dataDir, "2010-12-15.csv", DEC_15);
        writeDay(dataDir, "2010-12-31.csv", DEC_31);
        writeDay(dataDir, "2011-01-05.csv", JAN_05);
        writeDay(dataDir, "2011-01-20.csv", JAN_20);
        summary = OnlineRetailOracle.expectedSummary(dataDir);
    }

    private static void writeDay(Path dir, String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private static JsonNode vendor(String code) {
        for (JsonNode vendor : summary.get("vendors")) {
            if (vendor.get("vendor").asText().equals(code)) {
                return vendor;
            }
        }
        throw new AssertionError("no vendor " + code);
    }

    @Test
    void summaryMatchesTheHandComputedFigures() throws IOException {
        assertThat(summary).isEqualTo(new ObjectMapper().readTree(EXPECTED));
    }

    @Test
    void everyRowIsCountedOnce() {
        JsonNode rows = summary.get("rows");
        int rejected = rows.get("rejected").get("NO_MATCHING_SALE").asInt()
                + rows.get("rejected").get("NOT_A_SALE_OR_RETURN").asInt();
        assertThat(rows.get("sales").asInt() + rows.get("returns").asInt()
                + rows.get("nonStock").asInt() + rejected).isEqualTo(rows.get("total").asInt());
    }

    @Test
    void identicalDuplicateRowsAreSeparateTransfers() {
        // 2010-12 invoice of HEARTWORKS: 9.18 + 9.18 (the two identical rows) + 17.70.
        assertThat(vendor("HEARTWORKS").get("months").get(0).get("invoiced").asText())
                .isEqualTo("36.06");
    }

    @Test
    void consignedReturnIsMatchedLatestSaleFirstWithOneCreditLinePerTransfer() {
        // Credit of 2010-12: 9.18 + 4.59, tax 1.84 + 0.92; 2011-01: 4.59 + 3.54, 0.92 + 0.71.
        JsonNode heart = vendor("HEARTWORKS");
        assertThat(heart.get("months").get(0).get("credited").asText()).isEqualTo("13.77");
        assertThat(heart.get("creditTax").asText()).isEqualTo("4.39");
        // Earliest first would have accepted the return of 2011-01-20 too.
        assertThat(heart.get("returnsRejected").asInt()).isEqualTo(2);
    }

    @Test
    void creditsOfALineReturnedUnitByUnitAddUpToItsNetAndTax() {
        // 3 x 0.13 = 0.39, VAT 0.078 -> 0.08. Credited so far after 1, 2, 3 units: 0.13
        // (0.026 -> 0.03), 0.26 (0.052 -> 0.05), 0.39 (0.08); each credit takes the rest.
        var transfer = new OnlineRetailOracle.Transfer(at("2011-01-05T09:00"), 3,
                new BigDecimal("0.13"));
        var creditNote = new OnlineRetailOracle.Document();
        List<String> taxes = new java.util.ArrayList<>();
        for (int unit = 1; unit <= 3; unit++) {
            BigDecimal before = creditNote.tax;
            transfer.credit(1, creditNote);
            taxes.add(creditNote.tax.subtract(before).toPlainString());
        }

        assertThat(taxes).containsExactly("0.03", "0.02", "0.03");
        assertThat(creditNote.net).isEqualByComparingTo("0.39");
        assertThat(creditNote.tax).isEqualByComparingTo("0.08");
        assertThat(transfer.returnable).isZero();
    }

    @Test
    void returnsOutsideTheWindowWithoutCustomerOrOnlyPartlyMatchedAreRejected() {
        assertThat(vendor("LUMEN").get("returnsRejected").asInt()).isEqualTo(2);
        assertThat(vendor("NORTHPOLE").get("returnsRejected").asInt()).isEqualTo(1);
        assertThat(vendor("LUMEN").get("onHand").asInt()).isZero();
    }

    @Test
    void christmasBeatsHeartAndCaseSensitiveStockCodesAreDistinctSkus() {
        assertThat(vendor("NORTHPOLE").get("skus").asInt()).isEqualTo(2);
        assertThat(vendor("HEARTWORKS").get("skus").asInt()).isEqualTo(2);
        // 85123a never sells: retailer-owned, its return accepted into retailer stock.
        assertThat(summary.get("retailer").get("unitsReturned").asInt()).isEqualTo(4);
    }

    @Test
    void agreedPriceIsSixtyPercentOfTheFirstPositivePriceRoundedHalfUp() {
        assertThat(OnlineRetailOracle.agreedPrice(new BigDecimal("1.075")))
                .isEqualByComparingTo("0.65");
        assertThat(OnlineRetailOracle.agreedPrice(new BigDecimal("0.001")))
                .isEqualByComparingTo("0.00");
        // The LUMEN sale at price 0 is still valued at the agreed 0.65: 4 x 0.65 + 2 x 0.65.
        assertThat(vendor("LUMEN").get("valueTransferred").asText()).isEqualTo("3.90");
    }

    @Test
    void vendorByDescriptionPrecedence() {
        assertThat(OnlineRetailOracle.vendorFor("Heart of Christmas")).isEqualTo("NORTHPOLE");
        assertThat(OnlineRetailOracle.vendorFor("HEART T-LIGHT")).isEqualTo("HEARTWORKS");
        assertThat(OnlineRetailOracle.vendorFor("candlestick")).isEqualTo("LUMEN");
        assertThat(OnlineRetailOracle.vendorFor("DOORMAT")).isNull();
    }

    @Test
    void returnWindowIsInclusiveAndMeasuredAcrossTheClockChange() {
        // 2011-03-27 London goes from GMT to BST: 30 wall-clock days hold 719 real hours.
        var sale = at("2011-03-20T10:30");
        assertThat(OnlineRetailOracle.withinReturnWindow(sale, at("2011-04-19T11:30")))
                .isTrue();
        assertThat(OnlineRetailOracle.withinReturnWindow(sale, at("2011-04-19T11:31")))
                .isFalse();
        assertThat(OnlineRetailOracle.withinReturnWindow(at("2010-12-01T11:00"),
                at("2010-12-31T11:00"))).isTrue();
    }

    private static java.time.Instant at(String londonWallClock) {
        return LocalDateTime.parse(londonWallClock).atZone(OnlineRetailOracle.LONDON)
                .toInstant();
    }

    @Test
    void csvFieldsMayHoldQuotedCommasQuotesAndLineBreaks() {
        var records = OnlineRetailOracle.parseCsv(
                "a,\"b, \"\"c\"\"\",d\r\n\"multi\nline\",,\n\nlast,x,y");
        assertThat(records).extracting(OnlineRetailOracle.CsvRecord::line)
                .containsExactly(1, 2, 5);
        assertThat(records.get(0).fields()).containsExactly("a", "b, \"c\"", "d");
        assertThat(records.get(1).fields()).containsExactly("multi\nline", "", "");
    }

    @Test
    void sliceCopiesTheDayFilesOfWholeMonths() throws IOException {
        Path full = Files.createDirectories(tmp.resolve("full"));
        try (Stream<Path> days = Files.list(dataDir)) {
            for (Path day : days.toList()) {
                Files.copy(day, full.resolve(day.getFileName()));
            }
        }
        writeDay(full, "2010-11-30.csv", HEADER
                + "536500,22423,REGENCY CAKESTAND 3 TIER,1,2010-11-30 09:00:00,12.75,1.0,UK\n");
        writeDay(full, "2011-02-01.csv", HEADER
                + "536600,22423,REGENCY CAKESTAND 3 TIER,1,2011-02-01 09:00:00,12.75,1.0,UK\n");

        Path slice = OnlineRetailOracle.slice(full, tmp.resolve("slice"), "2010-12", "2011-01");

        try (Stream<Path> days = Files.list(slice)) {
            assertThat(days.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(List.of("2010-12-01.csv", "2010-12-15.csv", "2010-12-31.csv",
                            "2011-01-05.csv", "2011-01-20.csv"));
        }
        assertThat(OnlineRetailOracle.expectedSummary(slice)).isEqualTo(summary);
    }
}
