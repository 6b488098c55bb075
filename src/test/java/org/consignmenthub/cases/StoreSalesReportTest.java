package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.Corpus;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.InboundMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The corpus sales report of a store chain (EANCOM SLSRPT, 50 stores, 184 lines sold and 12
 * returned on 31 March 2008) dropped into the edifact-slsrpt channel after the chain's
 * report of the week before. Its returns name only their store, so each is matched to the
 * latest sales of its EAN at that store: the same day's when there are enough, else the
 * week before's. The whole report is booked: every sale passes title and is billed, every
 * return goes back into the supplier's stock and is credited at the price of the sale it
 * reverses.
 */
class StoreSalesReportTest extends HubIntegrationTest {

    private static final String CHANNEL = "edifact-slsrpt";
    private static final String CHAIN = "8712345555555";
    private static final String SUPPLIER = "8712345678906";
    private static final String NL = "NL-RETAIL";
    private static final String CORPUS =
            "edifact/bots_slsrpt_d96a_ean004_vendor_consignment_multistore_returns.edi";

    /**
     * What the stores sold on 24 March of the EANs they take back on the 31st beyond that
     * day's own sales: store, EAN, units.
     */
    private static final List<String[]> WEEK_BEFORE = List.of(
            new String[] {"8712345000345", "8712345275208", "1"},
            new String[] {"8712345000062", "8712345642191", "1"},
            new String[] {"8712345000109", "8712345235889", "1"},
            new String[] {"8712345000475", "8712345205324", "1"},
            new String[] {"8712345000598", "8712345432338", "3"},
            new String[] {"8712345220240", "8712345319893", "1"});

    @Value("${hub.intake.files.dir}")
    private Path dropFolder;

    private InboundMessages inbox;

    /** The supplier delivered each store exactly what it sells in the two reports. */
    @BeforeEach
    void storesHoldWhatTheySell() {
        inbox = new InboundMessages(books.jdbc());
        books.loadCatalog("fixtures/slsrpt-stores-catalog.yaml");
        Map<String, Long> units = new TreeMap<>();
        for (String[] sold : WEEK_BEFORE) {
            units.merge(sold[0] + "/" + sold[1], Long.parseLong(sold[2]), Long::sum);
        }
        String report = new String(Corpus.bytes(CORPUS), StandardCharsets.US_ASCII);
        soldInFirstInterchange(report).forEach((storeAndEan, n) ->
                units.merge(storeAndEan, n, Long::sum));

        List<CanonicalEvent> receipts = new ArrayList<>();
        units.forEach((storeAndEan, n) -> {
            String[] parts = storeAndEan.split("/");
            receipts.add(new VendorStockReported(new EventKey(NL, "vendor-stock", SUPPLIER,
                    "VendorStockReported", "DESADV-" + storeAndEan, 0), SUPPLIER, parts[0],
                    parts[1], VendorStockReported.Kind.RECEIPT, n, "DESADV",
                    Instant.parse("2008-03-01T09:00:00Z")));
        });
        books.applyRecord(receipts.toArray(CanonicalEvent[]::new));

        assertThat(units.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(294 + 8);
    }

    @Test
    void reportBooksItsSalesAndItsReturnsAtTheirStores() throws IOException {
        drop("SLSRPT_W12.edi", weekBefore());
        inbox.awaitFile(CHANNEL, CHAIN, "SLSRPT_W12.edi");
        // Eight units at agreed prices: 8.10 + 5.00 + 9.57 + 8.10 + 3 x 8.37 + 14.38.
        assertThat(books.netPayable(SUPPLIER)).isEqualByComparingTo("70.26");

        drop("SLSRPT_W13.edi", Corpus.bytes(CORPUS));
        inbox.awaitFile(CHANNEL, CHAIN, "SLSRPT_W13.edi");

        // The file's second interchange is an unfilled template, refused on its own.
        assertThat(books.deadLetters()).singleElement().satisfies(dead ->
                assertThat(dead).containsEntry("reason_code", "PLACEHOLDER_REFERENCE"));
        // 6 lines the week before and 184 now, one transfer each: 302 units.
        assertThat(figure("select count(*) from title_transfer")).isEqualTo(190);
        assertThat(figure("select sum(quantity) from title_transfer")).isEqualTo(302);
        assertThat(figure("select sum(returned_qty) from title_transfer")).isEqualTo(18);
        assertThat(billed("INVOICE")).containsExactly(190L, new BigDecimal("2277.34"));
        // 12 returns of 18 units; two of them reach over two transfers each.
        assertThat(billed("CREDIT_NOTE")).containsExactly(14L, new BigDecimal("-152.43"));
        assertThat(books.netPayable(SUPPLIER)).isEqualByComparingTo("2124.91");

        // Every unit sold left; every unit returned is the supplier's again, none the chain's.
        assertThat(figure("select sum(quantity) from stock_position where owner = '"
                + SUPPLIER + "'")).isEqualTo(18);
        assertThat(figure("select count(*) from stock_position where owner = 'RETAILER'"
                + " and quantity <> 0")).isZero();
        assertThat(figure("select count(*) from customer_return where owner = '" + SUPPLIER
                + "' and order_ref is null and line_ref is null")).isEqualTo(14);
    }

    @Test
    void eachReturnReversesTheLatestSalesOfItsStore() throws IOException {
        drop("SLSRPT_W12.edi", weekBefore());
        inbox.awaitFile(CHANNEL, CHAIN, "SLSRPT_W12.edi");
        drop("SLSRPT_W13.edi", Corpus.bytes(CORPUS));
        inbox.awaitFile(CHANNEL, CHAIN, "SLSRPT_W13.edi");

        // LIN 16: two of 8712345642191 back at store …062, which sold one that day (LIN 19,
        // at 5.40 since 28 March) and one the week before (at 5.00).
        assertThat(creditsAt("8712345000062")).containsExactly(
                tuple("20060801005-8712345000062", "19", -1L, new BigDecimal("-5.40")),
                tuple("20060801004-8712345000062", "2", -1L, new BigDecimal("-5.00")));
        // LIN 152: two of 8712345205300 at store …536, sold there that day in LIN 151 (2)
        // and LIN 154 (1), listed after the return: the report's sales count first.
        assertThat(creditsAt("8712345000536")).containsExactly(
                tuple("20060801005-8712345000536", "154", -1L, new BigDecimal("-8.10")),
                tuple("20060801005-8712345000536", "151", -1L, new BigDecimal("-8.10")),
                tuple("20060801005-8712345000536", "157", -2L, new BigDecimal("-16.20")));
        // LIN 7: store …345 sold 8712345275208 only the week before.
        assertThat(creditsAt("8712345000345")).contains(
                tuple("20060801004-8712345000345", "1", -1L, new BigDecimal("-8.10")));
        assertThat(books.onHand(SUPPLIER, "8712345275208", "8712345000345")).isEqualTo(1);
        assertThat(books.onHand(SUPPLIER, "8712345642191", "8712345000062")).isEqualTo(2);
    }

    /** The order and line of the transfer each credit at the store reverses, oldest first. */
    private List<org.assertj.core.groups.Tuple> creditsAt(String store) {
        return books.jdbc().query("""
                select t.order_ref, t.line_ref, b.quantity, b.net_amount
                from billing_line b join title_transfer t on t.id = b.transfer_id
                where b.kind = 'CREDIT_NOTE' and t.location = ? order by b.id""",
                (rs, n) -> tuple(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getBigDecimal(4)), store);
    }

    private long figure(String sql) {
        return books.jdbc().queryForObject(sql, Long.class);
    }

    private List<Object> billed(String kind) {
        return books.jdbc().queryForObject("select count(*), sum(net_amount) from billing_line"
                + " where vendor = ? and kind = ?", (rs, n) -> List.of(rs.getLong(1),
                        rs.getBigDecimal(2)), SUPPLIER, kind);
    }

    /** The chain's report of 24 March, one store block per line of {@link #WEEK_BEFORE}. */
    private static byte[] weekBefore() {
        List<String> message = new ArrayList<>(List.of("UNH+1+SLSRPT:D:96A:UN:EAN004",
                "BGM+73E+20060801004+9", "DTM+137:20080325:102", "CUX+2:EUR:10"));
        int lin = 0;
        for (String[] sold : WEEK_BEFORE) {
            lin++;
            message.addAll(List.of("LOC+162+" + sold[0] + "::9", "DTM+356:20080324:102",
                    "LIN+" + lin + "++" + sold[1] + ":EN", "PRI+NTP:" + sold[2] + "0::RTP",
                    "QTY+153:" + sold[2] + ":PCE"));
        }
        message.add("UNT+" + (message.size() + 1) + "+1");
        String interchange = "UNA:+.? 'UNB+UNOB:2+" + CHAIN + ":14+" + SUPPLIER
                + ":14+080325:0600+75'" + String.join("'", message) + "'UNZ+1+75'";
        return interchange.getBytes(StandardCharsets.US_ASCII);
    }

    /** Units sold per store and EAN in the report's first interchange, read line by line. */
    private static Map<String, Long> soldInFirstInterchange(String report) {
        Pattern loc = Pattern.compile("^LOC\\+162\\+(\\d+)::9'$");
        Pattern lin = Pattern.compile("^LIN\\+\\d+\\+\\+(\\d+):EN'$");
        Pattern qty = Pattern.compile("^QTY\\+153:(\\d+):PCE'$");
        Map<String, Long> sold = new TreeMap<>();
        String store = null;
        String ean = null;
        for (String row : report.substring(0, report.indexOf("UNZ+1+76'")).split("\r\n")) {
            Matcher m;
            if ((m = loc.matcher(row)).matches()) {
                store = m.group(1);
            } else if ((m = lin.matcher(row)).matches()) {
                ean = m.group(1);
            } else if ((m = qty.matcher(row)).matches()) {
                sold.merge(store + "/" + ean, Long.parseLong(m.group(1)), Long::sum);
            }
        }
        return sold;
    }

    private void drop(String name, byte[] content) throws IOException {
        Path folder = dropFolder.resolve(CHANNEL).resolve(CHAIN);
        Files.createDirectories(folder);
        // Written aside and moved in, as a partner's upload completes.
        Path aside = Files.write(folder.resolve("." + name), content);
        Files.move(aside, folder.resolve(name));
    }
}
