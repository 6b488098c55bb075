package org.consignmenthub.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A stocked ledger counted with differences put in on purpose: shrinkage and over-counts
 * beyond tolerance, small slips within it, and movements the business dates after the
 * count. Every difference beyond tolerance opens exactly one case, nothing else does, and
 * the accuracy figures equal the ones computed here by hand.
 */
class InjectedDifferencesTest extends HubIntegrationTest {

    private static final long SEED = 20261203L;
    private static final Instant STOCKED = Instant.parse("2026-11-02T14:00:00Z");
    private static final Instant COUNTED = Instant.parse("2026-12-02T15:00:00Z");
    private static final Instant AFTER_COUNT = Instant.parse("2026-12-02T17:30:00Z");

    private enum Injected { EXACT, SLIP, SHRINK, OVERCOUNT, LATE_RECEIPT, LATE_AND_SHRINK }

    private record Position(String location, String sku, long vendorUnits, long retailerUnits,
            Injected injected, long difference, long lateUnits) {

        long book() {
            return vendorUnits + retailerUnits;
        }

        long counted() {
            return book() + difference;
        }

        boolean beyondTolerance() {
            return injected == Injected.SHRINK || injected == Injected.OVERCOUNT
                    || injected == Injected.LATE_AND_SHRINK;
        }
    }

    @LocalServerPort
    private int port;

    private ApiClient api;
    private final List<Position> positions = new ArrayList<>();

    @BeforeEach
    void stockedLedger() {
        books.loadCatalog("fixtures/counts-catalog.yaml");
        api = new ApiClient(port);
        Random random = new Random(SEED);
        Injected[] kinds = Injected.values();
        for (String location : List.of("L1", "L2")) {
            for (int i = 1; i <= 40; i++) {
                Injected injected = kinds[random.nextInt(kinds.length)];
                positions.add(position(location, String.format("S%02d", i), injected,
                        random));
            }
        }
        for (Position p : positions) {
            stock(p);
        }
    }

    @Test
    void everyDifferenceBeyondToleranceOpensOneCaseAndTheFiguresAddUp() {
        long session = openSession("CYCLE-2026-12-02");
        sendLines(session, positions.subList(0, 50), 0);
        sendLines(session, positions.subList(50, positions.size()), 50);
        lateMovements();

        JsonNode outcome = api.post("/api/reconciliation/sessions/" + session + "/submit", "")
                .json();
        JsonNode again = api.post("/api/reconciliation/sessions/" + session + "/submit", "")
                .json();

        assertThat(outcome.path("positions").asInt()).isEqualTo(positions.size());
        assertThat(outcome.path("casesOpened").asInt()).isEqualTo(beyond().size());
        assertThat(again).as("submitting again changes nothing").isEqualTo(outcome);
        assertThat(casePositions()).as("exactly one case per difference beyond tolerance")
                .containsExactlyElementsOf(beyond());
        assertThat(caseVariances()).containsExactlyInAnyOrderEntriesOf(expectedVariances());
        for (Position p : positions) {
            assertThat(books.onHand("V5", p.sku(), p.location())
                    + books.onHand("RETAILER", p.sku(), p.location()))
                    .as("on hand of %s/%s (%s)", p.sku(), p.location(), p.injected())
                    .isEqualTo(p.beyondTolerance() ? p.book() + p.lateUnits()
                            : p.counted() + p.lateUnits());
        }

        JsonNode kpis = api.get("/api/reconciliation/kpis?legalEntity=US-RETAIL").json();
        assertThat(kpis.path("accuracy").path("positions").asInt()).isEqualTo(80);
        assertThat(decimal(kpis.path("accuracy").path("accuracy")))
                .isEqualByComparingTo(accuracy(positions));
        assertThat(decimal(kpis.path("accuracy").path("unit_weighted_accuracy")))
                .isEqualByComparingTo(unitWeighted(positions));
        for (JsonNode row : kpis.path("accuracyByLocationAndVendor")) {
            List<Position> at = positions.stream()
                    .filter(p -> p.location().equals(row.path("location").asText())).toList();
            assertThat(row.path("vendor").asText()).isEqualTo("V5");
            assertThat(decimal(row.path("accuracy"))).isEqualByComparingTo(accuracy(at));
            assertThat(decimal(row.path("unit_weighted_accuracy")))
                    .isEqualByComparingTo(unitWeighted(at));
        }
        assertThat(kpis.path("openCasesByAge").path("open").asInt())
                .isEqualTo(beyond().size());
    }

    private Position position(String location, String sku, Injected injected,
            Random random) {
        long vendorUnits = 20 + random.nextInt(40);
        long retailerUnits = random.nextInt(3) == 0 ? 10 : 0;
        long book = vendorUnits + retailerUnits;
        // Beyond tolerance means more than one unit and more than 5% of the book.
        long beyond = Math.max(2, book * 5 / 100) + 1 + random.nextInt(5);
        long slip = random.nextBoolean() ? 1 : -1;
        long late = 3 + random.nextInt(7);
        return switch (injected) {
            case EXACT -> new Position(location, sku, vendorUnits, retailerUnits, injected, 0,
                    0);
            case SLIP -> new Position(location, sku, vendorUnits, retailerUnits, injected, slip,
                    0);
            case SHRINK -> new Position(location, sku, vendorUnits, retailerUnits, injected,
                    -beyond, 0);
            case OVERCOUNT -> new Position(location, sku, vendorUnits, retailerUnits, injected,
                    beyond, 0);
            case LATE_RECEIPT -> new Position(location, sku, vendorUnits, retailerUnits,
                    injected, 0, late);
            case LATE_AND_SHRINK -> new Position(location, sku, vendorUnits, retailerUnits,
                    injected, -beyond, late);
        };
    }

    private void stock(Position p) {
        String id = "STOCK-" + p.location() + "-" + p.sku();
        books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", "V5",
                "VendorStockReported", id, 0), "V5", p.location(), p.sku(),
                VendorStockReported.Kind.RECEIPT, p.vendorUnits(), id, STOCKED));
        if (p.retailerUnits() > 0) {
            books.apply(new PurchaseReceived(new EventKey("US-RETAIL", "purchase-receipts",
                    "default", "PurchaseReceived", "PO-" + id, 0), "TEAWORKS", p.location(),
                    p.sku(), p.retailerUnits(), new BigDecimal("3.00"), "USD", STOCKED));
        }
    }

    /** Receipts the business dates after the count, recorded before it is submitted. */
    private void lateMovements() {
        for (Position p : positions) {
            if (p.lateUnits() > 0) {
                String id = "LATE-" + p.location() + "-" + p.sku();
                books.apply(new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock",
                        "V5", "VendorStockReported", id, 0), "V5", p.location(), p.sku(),
                        VendorStockReported.Kind.RECEIPT, p.lateUnits(), id, AFTER_COUNT));
            }
        }
    }

    private long openSession(String reference) {
        ApiClient.Answer opened = api.post("/api/reconciliation/sessions", """
                {"legalEntity":"US-RETAIL","reference":"%s","counter":"scanner-7"}"""
                .formatted(reference));
        assertThat(opened.status()).isEqualTo(200);
        return opened.json().path("id").asLong();
    }

    private void sendLines(long session, List<Position> part, int firstLine) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < part.size(); i++) {
            Position p = part.get(i);
            lines.add("""
                    {"lineRef":"%d","location":"%s","sku":"%s","countedQty":%d,
                     "countedAt":"%s"}""".formatted(firstLine + i + 1, p.location(), p.sku(),
                    p.counted(), COUNTED));
        }
        ApiClient.Answer added = api.post("/api/reconciliation/sessions/" + session + "/lines",
                "{\"lines\":[" + String.join(",", lines) + "]}");
        assertThat(added.status()).as(added.json().toString()).isEqualTo(200);
    }

    private Set<String> beyond() {
        Set<String> keys = new TreeSet<>();
        positions.stream().filter(Position::beyondTolerance)
                .forEach(p -> keys.add(p.location() + "/" + p.sku()));
        return keys;
    }

    private Set<String> casePositions() {
        return new TreeSet<>(books.jdbc().queryForList("select location || '/' || sku"
                + " from discrepancy_case order by 1", String.class));
    }

    private Map<String, Long> caseVariances() {
        Map<String, Long> variances = new HashMap<>();
        books.jdbc().query("select location || '/' || sku, variance from discrepancy_case",
                rs -> {
                    variances.put(rs.getString(1), rs.getLong(2));
                });
        return variances;
    }

    private Map<String, Long> expectedVariances() {
        Map<String, Long> variances = new HashMap<>();
        positions.stream().filter(Position::beyondTolerance)
                .forEach(p -> variances.put(p.location() + "/" + p.sku(), p.difference()));
        return variances;
    }

    private static BigDecimal accuracy(List<Position> at) {
        long within = at.stream().filter(p -> !p.beyondTolerance()).count();
        return BigDecimal.valueOf(within).divide(BigDecimal.valueOf(at.size()), 4,
                RoundingMode.HALF_UP);
    }

    private static BigDecimal unitWeighted(List<Position> at) {
        long within = at.stream().filter(p -> !p.beyondTolerance())
                .mapToLong(Position::book).sum();
        long all = at.stream().mapToLong(Position::book).sum();
        return BigDecimal.valueOf(within).divide(BigDecimal.valueOf(all), 4,
                RoundingMode.HALF_UP);
    }

    private static BigDecimal decimal(JsonNode value) {
        return new BigDecimal(value.asText());
    }
}
