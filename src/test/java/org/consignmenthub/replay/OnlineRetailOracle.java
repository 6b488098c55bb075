package org.consignmenthub.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An independent oracle for the ten-month replay of the Online Retail data set: it computes
 * the replay summary straight from the day files and the written rules, sharing no code with
 * the hub. Only the JDK and Jackson's tree model are used.
 *
 * <p>Each rule of the replay spec is one small method below, named after the rule. Counts go
 * into the JSON as {@code int} so that the tree equals one Jackson reads back from text; money
 * goes in as a string with exactly two decimals.
 */
public final class OnlineRetailOracle {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Duration RETURN_WINDOW = Duration.ofHours(720);
    static final BigDecimal AGREED_SHARE = new BigDecimal("0.60");
    static final BigDecimal VAT_RATE = new BigDecimal("0.20");
    static final String NO_MATCHING_SALE = "NO_MATCHING_SALE";
    static final String NOT_A_SALE_OR_RETURN = "NOT_A_SALE_OR_RETURN";
    static final List<String> HEADER = List.of("InvoiceNo", "StockCode", "Description",
            "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country");

    private static final DateTimeFormatter INVOICE_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String DAY_FILE = "\\d{4}-\\d{2}-\\d{2}\\.csv";

    private OnlineRetailOracle() {
    }

    /** One data row of a day file, identified by its file and line number. */
    record Row(String file, int line, String invoiceNo, String stockCode, String description,
            int quantity, LocalDateTime invoiceDate, BigDecimal unitPrice, String customerId) {

        Instant instant() {
            return invoiceDate.atZone(LONDON).toInstant();
        }

        YearMonth month() {
            return YearMonth.from(invoiceDate);
        }
    }

    /** What the catalog knows of one SKU once the whole data set has been seen. */
    static final class Sku {
        final String code;
        String description;
        BigDecimal firstPositivePrice;
        boolean sold;
        String vendor;
        BigDecimal agreedPrice;

        Sku(String code) {
            this.code = code;
        }

        boolean consigned() {
            return vendor != null;
        }
    }

    /** A transfer of title for one consigned sale row; its units can be reversed once. */
    static final class Transfer {
        final Instant at;
        final BigDecimal price;
        int returnable;

        Transfer(Instant at, int quantity, BigDecimal price) {
            this.at = at;
            this.returnable = quantity;
            this.price = price;
        }
    }

    /** Net and tax of one month's invoice or credit note of one vendor. */
    static final class Document {
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;

        void addLine(int quantity, BigDecimal price) {
            BigDecimal lineNet = lineNet(quantity, price);
            net = net.add(lineNet);
            tax = tax.add(lineTax(lineNet));
        }
    }

    /** Running figures of one vendor. */
    static final class VendorFigures {
        final Set<String> skus = new HashSet<>();
        int unitsReceived;
        int unitsTransferred;
        BigDecimal valueTransferred = BigDecimal.ZERO;
        final Map<YearMonth, Document> invoices = new TreeMap<>();
        final Map<YearMonth, Document> creditNotes = new TreeMap<>();
        int returnsAccepted;
        int unitsReturned;
        int returnsRejected;
    }

    /** Running figures of the retailer's own stock. */
    static final class RetailerFigures {
        final Set<String> skus = new HashSet<>();
        int unitsReceived;
        int unitsSold;
        int unitsReturned;
    }

    /** Row counters of the whole replay. */
    static final class RowFigures {
        int total;
        int sales;
        int returns;
        int nonStock;
        final Map<String, Integer> rejected = new TreeMap<>(Map.of(
                NO_MATCHING_SALE, 0, NOT_A_SALE_OR_RETURN, 0));

        void reject(String reason) {
            rejected.merge(reason, 1, Integer::sum);
        }
    }

    // ---------------------------------------------------------------- entry points

    /** The summary the replay of every day file in {@code dataDir} must produce. */
    public static ObjectNode expectedSummary(Path dataDir) {
        List<Row> rows = inProcessingOrder(readDataDir(dataDir));
        Map<String, Sku> catalog = catalog(rows);
        return new Replay(catalog).run(rows);
    }

    /**
     * Copies the day files of the whole months {@code fromMonth}..{@code toMonth} (inclusive,
     * "YYYY-MM") from {@code fullDir} into {@code target}, creating it, and returns it.
     */
    public static Path slice(Path fullDir, Path target, String fromMonth, String toMonth) {
        YearMonth from = YearMonth.parse(fromMonth);
        YearMonth to = YearMonth.parse(toMonth);
        try {
            Files.createDirectories(target);
            for (Path file : dayFiles(fullDir)) {
                YearMonth month = YearMonth.parse(file.getFileName().toString().substring(0, 7));
                if (!month.isBefore(from) && !month.isAfter(to)) {
                    Files.copy(file, target.resolve(file.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    // ---------------------------------------------------------------- reading

    static List<Path> dayFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(DAY_FILE))
                    .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All data rows of all day files, files in name order, then line order. */
    static List<Row> readDataDir(Path dir) {
        List<Row> rows = new ArrayList<>();
        for (Path file : dayFiles(dir)) {
            try {
                rows.addAll(readDayFile(file.getFileName().toString(),
                        Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    static List<Row> readDayFile(String name, String text) {
        List<Row> rows = new ArrayList<>();
        List<CsvRecord> records = parseCsv(text);
        if (records.isEmpty() || !records.get(0).fields().equals(HEADER)) {
            throw new IllegalStateException(name + ": unexpected header");
        }
        for (CsvRecord record : records.subList(1, records.size())) {
            rows.add(toRow(name, record));
        }
        return rows;
    }

    private static Row toRow(String file, CsvRecord record) {
        List<String> f = record.fields();
        if (f.size() != HEADER.size()) {
            throw new IllegalStateException(file + ":" + record.line() + ": " + f.size()
                    + " fields");
        }
        String customer = f.get(6).strip();
        return new Row(file, record.line(), f.get(0).strip(), f.get(1), f.get(2),
                Integer.parseInt(f.get(3).strip()),
                LocalDateTime.parse(f.get(4).strip(), INVOICE_DATE),
                new BigDecimal(f.get(5).strip()),
                customer.isEmpty() ? null : customer);
    }

    /** One CSV record and the line it starts on. */
    record CsvRecord(int line, List<String> fields) {
    }

    /**
     * RFC 4180 CSV: fields in double quotes may hold commas, doubled quotes and line breaks;
     * records end at LF or CRLF; empty lines hold no record.
     */
    static List<CsvRecord> parseCsv(String text) {
        List<CsvRecord> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int recordLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || field.length() > 0) {
                    fields.add(field.toString());
                    records.add(new CsvRecord(recordLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                fieldStarted = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new IllegalStateException("unterminated quoted field from line " + recordLine);
        }
        if (fieldStarted || field.length() > 0) {
            fields.add(field.toString());
            records.add(new CsvRecord(recordLine, List.copyOf(fields)));
        }
        return records;
    }

    // ---------------------------------------------------------------- the rules

    /** Rows by InvoiceDate; ties keep file order (files by name, then line). */
    static List<Row> inProcessingOrder(List<Row> rowsInFileOrder) {
        List<Row> rows = new ArrayList<>(rowsInFileOrder);
        rows.sort(Comparator.comparing(Row::invoiceDate)); // a stable sort
        return rows;
    }

    /** Postage, fees, discounts: a StockCode that does not start with an ASCII digit. */
    static boolean isNonStock(Row row) {
        String code = row.stockCode();
        return code.isEmpty() || code.charAt(0) < '0' || code.charAt(0) > '9';
    }

    /** InvoiceNo not starting with C and a positive quantity, whatever the price. */
    static boolean isSale(Row row) {
        return !row.invoiceNo().startsWith("C") && row.quantity() > 0;
    }

    /** InvoiceNo starting with C and a negative quantity. */
    static boolean isReturn(Row row) {
        return row.invoiceNo().startsWith("C") && row.quantity() < 0;
    }

    /** Consignment by description, case-insensitive substring; null means retailer-owned. */
    static String vendorFor(String description) {
        if (description == null) {
            return null;
        }
        String text = description.toUpperCase(Locale.ROOT);
        if (text.contains("CHRISTMAS")) {
            return "NORTHPOLE";
        }
        if (text.contains("HEART")) {
            return "HEARTWORKS";
        }
        if (text.contains("LIGHT") || text.contains("LANTERN") || text.contains("CANDLE")) {
            return "LUMEN";
        }
        return null;
    }

    /** 60% of the first positive sale price, half up to pence. */
    static BigDecimal agreedPrice(BigDecimal firstPositiveUnitPrice) {
        return firstPositiveUnitPrice.multiply(AGREED_SHARE).setScale(2, RoundingMode.HALF_UP);
    }

    /** A SKU with no positive-price sale row at all has no price to take 60% of: 0.00. */
    static BigDecimal agreedPriceOf(Sku sku) {
        return sku.firstPositivePrice == null ? BigDecimal.ZERO.setScale(2)
                : agreedPrice(sku.firstPositivePrice);
    }

    static BigDecimal lineNet(int quantity, BigDecimal price) {
        return price.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP);
    }

    static BigDecimal lineTax(BigDecimal net) {
        return net.multiply(VAT_RATE).setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * A sale counts for a return at most 720 hours before it, inclusive, measured on the
     * time line (London wall-clock turned into instants, so a clock change counts).
     */
    static boolean withinReturnWindow(Instant sale, Instant returned) {
        return !sale.isAfter(returned)
                && Duration.between(sale, returned).compareTo(RETURN_WINDOW) <= 0;
    }

    /**
     * The catalog after seeing every row: a SKU's description is that of its first sale row
     * with a non-blank description, its agreed price comes from its first positive-price sale,
     * and it is consigned when that description names a vendor's line.
     */
    static Map<String, Sku> catalog(List<Row> rowsInProcessingOrder) {
        Map<String, Sku> catalog = new HashMap<>();
        for (Row row : rowsInProcessingOrder) {
            if (isNonStock(row)) {
                continue;
            }
            Sku sku = catalog.computeIfAbsent(row.stockCode(), Sku::new);
            if (!isSale(row)) {
                continue;
            }
            sku.sold = true;
            if (sku.description == null && !row.description().isBlank()) {
                sku.description = row.description();
            }
            if (sku.firstPositivePrice == null && row.unitPrice().signum() > 0) {
                sku.firstPositivePrice = row.unitPrice();
            }
        }
        for (Sku sku : catalog.values()) {
            sku.vendor = vendorFor(sku.description);
            sku.agreedPrice = agreedPriceOf(sku);
        }
        return catalog;
    }

    // ---------------------------------------------------------------- the replay

    /** Walks the rows in processing order and keeps the figures of the summary. */
    static final class Replay {
        private final Map<String, Sku> catalog;
        private final Map<String, VendorFigures> vendors = new TreeMap<>();
        private final RetailerFigures retailer = new RetailerFigures();
        private final RowFigures rows = new RowFigures();
        /** Transfers by SKU and customer, in processing order. */
        private final Map<String, Map<String, Deque<Transfer>>> transfers = new HashMap<>();

        Replay(Map<String, Sku> catalog) {
            this.catalog = catalog;
            for (Sku sku : catalog.values()) {
                if (sku.consigned()) {
                    vendors.computeIfAbsent(sku.vendor, v -> new VendorFigures()).skus
                            .add(sku.code);
                } else if (sku.sold) {
                    retailer.skus.add(sku.code);
                }
            }
        }

        ObjectNode run(List<Row> rowsInProcessingOrder) {
            for (Row row : rowsInProcessingOrder) {
                rows.total++;
                if (isNonStock(row)) {
                    rows.nonStock++;
                } else if (isSale(row)) {
                    rows.sales++;
                    sale(row, catalog.get(row.stockCode()));
                } else if (isReturn(row)) {
                    returned(row, catalog.get(row.stockCode()));
                } else {
                    rows.reject(NOT_A_SALE_OR_RETURN);
                }
            }
            return summary();
        }

        /**
         * Stock receipts: at 00:00 on the first of each month every SKU receives the units of
         * its sale rows of that month. The summary reports only totals, so each sale row adds
         * its units to what the SKU's owner received.
         */
        private void stockReceipt(Sku sku, int quantity) {
            if (sku.consigned()) {
                vendors.get(sku.vendor).unitsReceived += quantity;
            } else {
                retailer.unitsReceived += quantity;
            }
        }

        private void sale(Row row, Sku sku) {
            stockReceipt(sku, row.quantity());
            if (sku.consigned()) {
                titleTransfer(row, sku);
            } else {
                retailer.unitsSold += row.quantity();
            }
        }

        /** One transfer per consigned sale row, invoiced in the month of the sale. */
        private void titleTransfer(Row row, Sku sku) {
            VendorFigures vendor = vendors.get(sku.vendor);
            vendor.unitsTransferred += row.quantity();
            vendor.valueTransferred = vendor.valueTransferred
                    .add(lineNet(row.quantity(), sku.agreedPrice));
            vendor.invoices.computeIfAbsent(row.month(), m -> new Document())
                    .addLine(row.quantity(), sku.agreedPrice);
            if (row.customerId() != null) {
                transfers.computeIfAbsent(sku.code, c -> new HashMap<>())
                        .computeIfAbsent(row.customerId(), c -> new ArrayDeque<>())
                        .addLast(new Transfer(row.instant(), row.quantity(), sku.agreedPrice));
            }
        }

        private void returned(Row row, Sku sku) {
            if (sku.consigned()) {
                consignedReturn(row, sku);
            } else {
                retailerReturn(row);
            }
        }

        /** Retailer-owned units always go back to the retailer's stock. */
        private void retailerReturn(Row row) {
            rows.returns++;
            retailer.unitsReturned += -row.quantity();
        }

        /**
         * Accepted whole when the same customer has enough transferred, not yet returned units
         * of the SKU from sales inside the window, taken latest sale first; else rejected.
         */
        private void consignedReturn(Row row, Sku sku) {
            VendorFigures vendor = vendors.get(sku.vendor);
            int units = -row.quantity();
            List<Transfer> candidates = returnableTransfers(row, sku);
            int available = candidates.stream().mapToInt(t -> t.returnable).sum();
            if (available < units) {
                rows.reject(NO_MATCHING_SALE);
                vendor.returnsRejected++;
                return;
            }
            Document credit = vendor.creditNotes.computeIfAbsent(row.month(),
                    m -> new Document());
            int left = units;
            for (Transfer transfer : candidates) {
                int taken = Math.min(left, transfer.returnable);
                transfer.returnable -= taken;
                credit.addLine(taken, transfer.price);
                left -= taken;
                if (left == 0) {
                    break;
                }
            }
            rows.returns++;
            vendor.returnsAccepted++;
            vendor.unitsReturned += units;
        }

        /** The customer's transfers of the SKU with units left, in the window, latest first. */
        private List<Transfer> returnableTransfers(Row row, Sku sku) {
            List<Transfer> found = new ArrayList<>();
            if (row.customerId() == null) {
                return found;
            }
            Deque<Transfer> own = transfers.getOrDefault(sku.code, Map.of())
                    .getOrDefault(row.customerId(), new ArrayDeque<>());
            Instant at = row.instant();
            var latestFirst = own.descendingIterator();
            while (latestFirst.hasNext()) {
                Transfer transfer = latestFirst.next();
                if (transfer.returnable > 0 && withinReturnWindow(transfer.at, at)) {
                    found.add(transfer);
                }
            }
            return found;
        }

        // ------------------------------------------------------------ the summary

        private ObjectNode summary() {
            JsonNodeFactory json = JsonNodeFactory.instance;
            ObjectNode summary = json.objectNode();
            ArrayNode vendorArray = summary.putArray("vendors");
            vendors.forEach((code, figures) -> vendorArray.add(vendorNode(code, figures)));
            ObjectNode retailerNode = summary.putObject("retailer");
            retailerNode.put("skus", retailer.skus.size());
            retailerNode.put("unitsReceived", retailer.unitsReceived);
            retailerNode.put("unitsSold", retailer.unitsSold);
            retailerNode.put("unitsReturned", retailer.unitsReturned);
            retailerNode.put("onHand", retailer.unitsReceived - retailer.unitsSold
                    + retailer.unitsReturned);
            ObjectNode rowNode = summary.putObject("rows");
            rowNode.put("total", rows.total);
            rowNode.put("sales", rows.sales);
            rowNode.put("returns", rows.returns);
            rowNode.put("nonStock", rows.nonStock);
            ObjectNode rejected = rowNode.putObject("rejected");
            rows.rejected.forEach(rejected::put);
            return summary;
        }

        private static ObjectNode vendorNode(String code, VendorFigures f) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("vendor", code);
            node.put("skus", f.skus.size());
            node.put("unitsReceived", f.unitsReceived);
            node.put("unitsTransferred", f.unitsTransferred);
            node.put("valueTransferred", money(f.valueTransferred));
            node.put("invoices", f.invoices.size());
            node.put("invoiceTotal", money(sumNet(f.invoices)));
            node.put("invoiceTax", money(sumTax(f.invoices)));
            node.put("returnsAccepted", f.returnsAccepted);
            node.put("unitsReturned", f.unitsReturned);
            node.put("creditNotes", f.creditNotes.size());
            node.put("creditTotal", money(sumNet(f.creditNotes)));
            node.put("creditTax", money(sumTax(f.creditNotes)));
            node.put("returnsRejected", f.returnsRejected);
            node.put("onHand", f.unitsReceived - f.unitsTransferred + f.unitsReturned);
            ArrayNode months = node.putArray("months");
            Set<YearMonth> all = new TreeSet<>(f.invoices.keySet());
            all.addAll(f.creditNotes.keySet());
            for (YearMonth month : all) {
                ObjectNode m = months.addObject();
                m.put("month", month.toString());
                m.put("invoiced", money(netOf(f.invoices.get(month))));
                m.put("credited", money(netOf(f.creditNotes.get(month))));
            }
            return node;
        }

        private static BigDecimal netOf(Document document) {
            return document == null ? BigDecimal.ZERO : document.net;
        }

        private static BigDecimal sumNet(Map<YearMonth, Document> documents) {
            return documents.values().stream().map(d -> d.net)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        private static BigDecimal sumTax(Map<YearMonth, Document> documents) {
            return documents.values().stream().map(d -> d.tax)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** Money as a string with exactly two decimals. */
    static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
