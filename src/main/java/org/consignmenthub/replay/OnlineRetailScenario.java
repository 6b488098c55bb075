package org.consignmenthub.replay;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.consignmenthub.catalog.CatalogDocument;
import org.consignmenthub.intake.CsvRecordReader;
import org.consignmenthub.intake.InboundMessage;
import org.consignmenthub.intake.MappingDescriptor;
import org.consignmenthub.intake.RecordReader;

/**
 * The consignment scenario the Online Retail data set is replayed under, decided from the
 * whole data folder before the replay starts: which SKUs each vendor consigns (by words in
 * the description of their first sale), the agreed prices (60% of the first positive sale
 * price), and how many units arrive at the start of each month (that month's sales).
 */
public final class OnlineRetailScenario {

    public static final String LEGAL_ENTITY = "UK-RETAIL";
    public static final String LOCATION = "UK-WEB";
    public static final String CURRENCY = "GBP";
    public static final ZoneId TIME_ZONE = ZoneId.of("Europe/London");
    public static final String SALES_CHANNEL = "online-retail";

    private static final BigDecimal PRICE_SHARE = new BigDecimal("0.60");
    private static final DateTimeFormatter INVOICE_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private final List<Path> dayFiles;
    private final Map<String, String> vendorBySku;
    private final Map<String, BigDecimal> agreedPrice;
    private final Map<String, String> descriptions;
    private final Map<YearMonth, Map<String, Long>> monthlyReceipts;
    private final List<String> allSkus;

    private OnlineRetailScenario(List<Path> dayFiles, Map<String, String> vendorBySku,
            Map<String, BigDecimal> agreedPrice, Map<String, String> descriptions,
            Map<YearMonth, Map<String, Long>> monthlyReceipts, List<String> allSkus) {
        this.dayFiles = dayFiles;
        this.vendorBySku = vendorBySku;
        this.agreedPrice = agreedPrice;
        this.descriptions = descriptions;
        this.monthlyReceipts = monthlyReceipts;
        this.allSkus = allSkus;
    }

    private record Row(String file, int order, String invoiceNo, String sku,
            String description, long quantity, String invoiceDate, BigDecimal unitPrice) {

        boolean stock() {
            return !sku.isEmpty() && Character.isDigit(sku.charAt(0));
        }

        boolean sale() {
            return !invoiceNo.startsWith("C") && quantity > 0;
        }
    }

    public static OnlineRetailScenario decide(Path dataDir) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dataDir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no day files (*.csv) in " + dataDir);
        }

        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            rows.addAll(read(file));
        }
        // Processing order: InvoiceDate, ties in file order (files by name, rows by line).
        rows.sort(Comparator.comparing(Row::invoiceDate).thenComparing(Row::file)
                .thenComparingInt(Row::order));

        Map<String, String> descriptions = new HashMap<>();
        Map<String, BigDecimal> firstPrice = new HashMap<>();
        Map<YearMonth, Map<String, Long>> receipts = new TreeMap<>();
        Map<String, Boolean> skus = new LinkedHashMap<>();
        for (Row row : rows) {
            if (!row.stock()) {
                continue;
            }
            skus.put(row.sku(), true);
            if (!row.sale()) {
                continue;
            }
            if (!row.description().isBlank()) {
                descriptions.putIfAbsent(row.sku(), row.description().trim());
            }
            if (row.unitPrice().signum() > 0) {
                firstPrice.putIfAbsent(row.sku(), row.unitPrice());
            }
            YearMonth month = YearMonth.from(LocalDateTime.parse(row.invoiceDate(),
                    INVOICE_DATE));
            receipts.computeIfAbsent(month, m -> new TreeMap<>())
                    .merge(row.sku(), row.quantity(), Long::sum);
        }

        Map<String, String> vendors = new TreeMap<>();
        Map<String, BigDecimal> prices = new TreeMap<>();
        descriptions.forEach((sku, description) -> {
            String vendor = vendorFor(description);
            if (vendor != null) {
                vendors.put(sku, vendor);
                prices.put(sku, firstPrice.getOrDefault(sku, BigDecimal.ZERO)
                        .multiply(PRICE_SHARE).setScale(2, RoundingMode.HALF_UP));
            }
        });
        return new OnlineRetailScenario(files, vendors, prices, descriptions, receipts,
                List.copyOf(skus.keySet()));
    }

    /** The vendor that consigns a SKU with this description, or null for the retailer's own. */
    static String vendorFor(String description) {
        String upper = description.toUpperCase(Locale.ROOT);
        if (upper.contains("CHRISTMAS")) {
            return "NORTHPOLE";
        }
        if (upper.contains("HEART")) {
            return "HEARTWORKS";
        }
        if (upper.contains("LIGHT") || upper.contains("LANTERN") || upper.contains("CANDLE")) {
            return "LUMEN";
        }
        return null;
    }

    private static List<Row> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        InboundMessage message = new InboundMessage(0, "scenario", "scenario", "sales-report",
                name, bytes, Map.of());
        MappingDescriptor plain = new MappingDescriptor("scenario", "sales-report", "csv",
                null, Map.of());
        List<Row> rows = new ArrayList<>();
        int order = 0;
        for (RecordReader.ReadRecord record : new CsvRecordReader().read(message, plain)) {
            if (!record.readable()) {
                continue;
            }
            var tree = record.tree();
            BigDecimal price;
            long quantity;
            try {
                price = new BigDecimal(tree.path("UnitPrice").asText());
                quantity = Long.parseLong(tree.path("Quantity").asText().trim());
            } catch (NumberFormatException e) {
                // The hub rejects such a row when it is replayed; it decides nothing here.
                continue;
            }
            rows.add(new Row(name, order++, tree.path("InvoiceNo").asText(),
                    tree.path("StockCode").asText(), tree.path("Description").asText(),
                    quantity, tree.path("InvoiceDate").asText(), price));
        }
        return rows;
    }

    public List<Path> dayFiles() {
        return dayFiles;
    }

    public List<YearMonth> months() {
        return dayFiles.stream()
                .map(p -> YearMonth.parse(p.getFileName().toString().substring(0, 7)))
                .distinct().sorted().toList();
    }

    public List<Path> dayFilesOf(YearMonth month) {
        String prefix = month.toString();
        return dayFiles.stream()
                .filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }

    public Instant startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay(TIME_ZONE).toInstant();
    }

    public Map<String, String> vendorBySku() {
        return vendorBySku;
    }

    /** The receipts of a month per SKU, split by who owns them (vendor code or RETAILER). */
    public Map<String, Map<String, Long>> receiptsByOwner(YearMonth month) {
        Map<String, Map<String, Long>> byOwner = new TreeMap<>();
        monthlyReceipts.getOrDefault(month, Map.of()).forEach((sku, quantity) ->
                byOwner.computeIfAbsent(vendorBySku.getOrDefault(sku, "RETAILER"),
                        o -> new TreeMap<>()).put(sku, quantity));
        return byOwner;
    }

    /** What the retailer pays for its own stock: the same share of the first sale price. */
    public BigDecimal unitCost(String sku) {
        return agreedPrice.getOrDefault(sku, BigDecimal.ZERO);
    }

    public CatalogDocument catalog() {
        Instant from = startOf(months().get(0));
        List<CatalogDocument.Vendor> vendors = new ArrayList<>();
        for (String vendor : List.of("HEARTWORKS", "LUMEN", "NORTHPOLE")) {
            List<CatalogDocument.Price> prices = vendorBySku.entrySet().stream()
                    .filter(e -> e.getValue().equals(vendor))
                    .map(e -> new CatalogDocument.Price(e.getKey(), agreedPrice.get(e.getKey()),
                            from))
                    .toList();
            CatalogDocument.Agreement agreement = new CatalogDocument.Agreement(1,
                    "SBA-" + vendor + "-1", from, CURRENCY, new BigDecimal("0.20"), "MONTHLY",
                    TIME_ZONE.getId(), 720L, "SALE_AND_SHIPMENT", "CONSIGNMENT_FIRST", prices,
                    null);
            vendors.add(new CatalogDocument.Vendor(vendor, vendor + " consignment vendor",
                    "GB-" + vendor, List.of(agreement), null));
        }

        List<CatalogDocument.Item> items = allSkus.stream()
                .map(sku -> new CatalogDocument.Item(sku, descriptions.get(sku),
                        vendorBySku.get(sku)))
                .toList();
        List<CatalogDocument.ChannelAccount> accounts = new ArrayList<>();
        accounts.add(new CatalogDocument.ChannelAccount(SALES_CHANNEL, "default", LOCATION));
        accounts.add(new CatalogDocument.ChannelAccount("purchase-receipts", "default",
                LOCATION));
        for (String vendor : List.of("HEARTWORKS", "LUMEN", "NORTHPOLE")) {
            accounts.add(new CatalogDocument.ChannelAccount("vendor-stock", vendor, LOCATION));
        }
        CatalogDocument.LegalEntity entity = new CatalogDocument.LegalEntity(LEGAL_ENTITY,
                "Online Retail UK", CURRENCY, TIME_ZONE.getId(),
                List.of(new CatalogDocument.Location(LOCATION, "Web shop")), vendors, items,
                accounts);
        return new CatalogDocument(List.of(entity));
    }
}
