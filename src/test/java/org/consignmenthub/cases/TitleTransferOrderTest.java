package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.SHELF_PRICE;
import static org.consignmenthub.cases.CaseEvents.key;
import static org.consignmenthub.cases.CaseEvents.receipt;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.Money;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The title-transfer rule does not depend on the order events arrive in. One fixed set of
 * order lines (sold and shipped in one to three parts, shipped but never sold, sold but only
 * partly shipped, some partly returned) is delivered in an order shuffled by a seed, with
 * some events delivered twice; returns arrive after the sale and shipments they reverse.
 * Whatever the seed, positions, title transfers and billing lines must come out equal to
 * what the rule gives when computed straight from the lines.
 */
class TitleTransferOrderTest extends HubIntegrationTest {

    private static final String CHANNEL = "SHOPIFY";
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Map<String, BigDecimal> AGREED =
            Map.of("A", new BigDecimal("12.50"), "B", new BigDecimal("4.00"));
    private static final long RECEIVED = 100;
    private static final List<Line> LINES = lines(new Random(20261204L), 20);
    private static final Map<Long, Outcome> OUTCOMES = new ConcurrentHashMap<>();

    /** What the books say at the end: every list sorted, every line free of ids. */
    record Outcome(List<String> positions, List<String> transfers, List<String> billing) {
    }

    private record Part(String shipmentRef, long quantity, Instant shippedAt) {
    }

    private record Line(String orderRef, String sku, long quantity, Instant soldAt,
            List<Part> parts, long returned, Instant returnedAt) {

        boolean sold() {
            return soldAt != null;
        }

        long shipped() {
            return parts.stream().mapToLong(Part::quantity).sum();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 42L, 2026L, 987654321L})
    void arrivalOrderDoesNotChangeTheOutcome(long seed) {
        books.apply(receipt("R-A", "V1", "A", "L1", RECEIVED),
                receipt("R-B", "V1", "B", "L1", RECEIVED));

        for (CanonicalEvent event : deliveryOrder(new Random(seed))) {
            books.apply(event);
        }

        Outcome outcome = observed();
        Outcome byTheRule = expected();
        assertThat(books.deadLetters()).isEmpty();
        assertThat(outcome.positions()).isEqualTo(byTheRule.positions());
        assertThat(outcome.transfers()).isEqualTo(byTheRule.transfers());
        assertThat(outcome.billing()).isEqualTo(byTheRule.billing());
        OUTCOMES.put(seed, outcome);
    }

    @Test
    void theFixedLinesHoldEveryCaseTheRuleIsAbout() {
        assertThat(LINES).hasSize(20);
        assertThat(LINES.stream().filter(l -> !l.sold())).as("shipped, never sold")
                .isNotEmpty();
        assertThat(LINES.stream().filter(l -> l.sold() && l.shipped() < l.quantity()))
                .as("sold, partly shipped").isNotEmpty();
        assertThat(LINES.stream().filter(l -> l.parts().size() > 1 && l.returned() > 0))
                .as("shipped in parts, then partly returned").isNotEmpty();
        assertThat(LINES.stream().filter(l -> l.sold()
                && l.parts().stream().anyMatch(p -> p.shippedAt().isBefore(l.soldAt()))))
                .as("shipped before the sale").isNotEmpty();
        assertThat(LINES.stream().map(Line::sku).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void aReturnReversesThePartShippedLastWhicheverShipmentArrivedFirst() {
        books.apply(receipt("R-A", "V1", "A", "L1", RECEIVED));
        Line line = new Line("O-LIFO", "A", 3, Instant.parse("2026-12-01T10:00:00-05:00"),
                List.of(new Part("S1", 2, Instant.parse("2026-12-01T12:00:00-05:00")),
                        new Part("S2", 1, Instant.parse("2026-12-02T12:00:00-05:00"))),
                1, Instant.parse("2026-12-05T12:00:00-05:00"));

        books.apply(sale(line), shipment(line, line.parts().get(1)),
                shipment(line, line.parts().get(0)), giveBack(line));

        assertThat(observed().billing()).containsExactly(
                "CREDIT_NOTE O-LIFO/S2 A -1 @12.5 =-12.50 on 2026-12-05 in 2026-12",
                "INVOICE O-LIFO/S1 A 2 @12.5 =25.00 on 2026-12-01 in 2026-12",
                "INVOICE O-LIFO/S2 A 1 @12.5 =12.50 on 2026-12-02 in 2026-12");
    }

    @AfterAll
    static void everySeedEndedTheSame() {
        assertThat(OUTCOMES.values().stream().distinct()).hasSizeLessThanOrEqualTo(1);
    }

    /** The fixed lines: most sold and shipped, a few shipped unsold or sold part-shipped. */
    private static List<Line> lines(Random random, int count) {
        List<Line> lines = new ArrayList<>();
        Instant firstSale = Instant.parse("2026-12-01T10:00:00-05:00");
        for (int i = 1; i <= count; i++) {
            String orderRef = String.format("O-%02d", i);
            String sku = random.nextBoolean() ? "A" : "B";
            long quantity = 2 + random.nextInt(5);
            Instant soldAt = firstSale.plus(Duration.ofHours(7L * i + random.nextInt(7)));
            int kind = i % 7;
            long toShip = kind == 3 ? quantity - 1 - random.nextInt((int) quantity - 1)
                    : quantity;
            List<Part> parts = parts(random, toShip, soldAt);
            if (kind == 5) {
                lines.add(new Line(orderRef, sku, quantity, null, parts, 0, null));
                continue;
            }
            long returned = random.nextInt(3) == 0 ? 1 + random.nextInt((int) Math.min(3, toShip))
                    : 0;
            Instant lastShipped = parts.stream().map(Part::shippedAt)
                    .max(Comparator.naturalOrder()).orElseThrow();
            Instant returnedAt = returned == 0 ? null
                    : lastShipped.plus(Duration.ofHours(24 + random.nextInt(96)));
            lines.add(new Line(orderRef, sku, quantity, soldAt, parts, returned, returnedAt));
        }
        return List.copyOf(lines);
    }

    /**
     * One to three parts at distinct times, the first possibly before the sale (goods sent
     * ahead of payment); none is larger than what is left to ship.
     */
    private static List<Part> parts(Random random, long toShip, Instant soldAt) {
        int count = (int) Math.min(toShip, 1 + random.nextInt(3));
        List<Part> parts = new ArrayList<>();
        long left = toShip;
        Instant at = soldAt.minus(Duration.ofHours(random.nextInt(20)));
        for (int p = 1; p <= count; p++) {
            long quantity = p == count ? left : 1 + random.nextInt((int) (left - (count - p)));
            parts.add(new Part("S" + p, quantity, at));
            left -= quantity;
            at = at.plus(Duration.ofHours(1 + random.nextInt(30)));
        }
        return List.copyOf(parts);
    }

    /** Every event of every line, shuffled; returns after what they reverse; some twice. */
    private static List<CanonicalEvent> deliveryOrder(Random random) {
        List<CanonicalEvent> events = new ArrayList<>();
        for (Line line : LINES) {
            if (line.sold()) {
                events.add(sale(line));
            }
            line.parts().forEach(part -> events.add(shipment(line, part)));
        }
        Collections.shuffle(events, random);
        for (Line line : LINES) {
            if (line.returned() > 0) {
                int after = lastIndexOfOrder(events, line.orderRef());
                events.add(after + 1 + random.nextInt(events.size() - after), giveBack(line));
            }
        }
        int duplicates = 4 + random.nextInt(6);
        for (int d = 0; d < duplicates; d++) {
            int original = random.nextInt(events.size());
            int later = original + 1 + random.nextInt(events.size() - original);
            events.add(later, events.get(original));
        }
        return events;
    }

    private static int lastIndexOfOrder(List<CanonicalEvent> events, String orderRef) {
        for (int i = events.size() - 1; i >= 0; i--) {
            CanonicalEvent event = events.get(i);
            if (event instanceof SaleCompleted s && s.orderRef().equals(orderRef)
                    || event instanceof ShipmentConfirmed c && c.orderRef().equals(orderRef)) {
                return i;
            }
        }
        throw new IllegalStateException("no event of order " + orderRef);
    }

    private static SaleCompleted sale(Line line) {
        return new SaleCompleted(key(CHANNEL, "SaleCompleted", line.orderRef()), line.orderRef(),
                "C-" + line.orderRef(), "USD", line.soldAt(),
                List.of(new OrderLine("1", line.sku(), line.quantity(), SHELF_PRICE, "L1")));
    }

    private static ShipmentConfirmed shipment(Line line, Part part) {
        return new ShipmentConfirmed(key(CHANNEL, "ShipmentConfirmed",
                line.orderRef() + "/" + part.shipmentRef()), line.orderRef(),
                part.shipmentRef(), part.shippedAt(),
                List.of(new OrderLine("1", line.sku(), part.quantity(), null, "L1")));
    }

    private static ReturnReceived giveBack(Line line) {
        return new ReturnReceived(key(CHANNEL, "ReturnReceived", "RMA-" + line.orderRef()),
                "RMA-" + line.orderRef(), line.orderRef(), "1", "C-" + line.orderRef(),
                line.sku(), line.returned(), "RESALEABLE", "L1", line.returnedAt());
    }

    /** The rule applied by hand to the fixed lines. */
    private static Outcome expected() {
        List<String> positions = new ArrayList<>();
        for (String sku : List.of("A", "B")) {
            List<Line> ofSku = LINES.stream().filter(l -> l.sku().equals(sku)).toList();
            long reserved = ofSku.stream().mapToLong(l -> l.sold() ? l.quantity() : l.shipped())
                    .sum();
            long returned = ofSku.stream().mapToLong(Line::returned).sum();
            long unshipped = ofSku.stream().filter(Line::sold)
                    .mapToLong(l -> l.quantity() - l.shipped()).sum();
            long inTransit = ofSku.stream().filter(l -> !l.sold()).mapToLong(Line::shipped)
                    .sum();
            positions.add(position(sku, "ALLOCATED", unshipped));
            positions.add(position(sku, "AVAILABLE", RECEIVED - reserved + returned));
            positions.add(position(sku, "IN_TRANSIT", inTransit));
        }
        positions.removeIf(p -> p.endsWith(" = 0"));

        List<String> transfers = new ArrayList<>();
        List<String> billing = new ArrayList<>();
        for (Line line : LINES.stream().filter(Line::sold).toList()) {
            BigDecimal price = AGREED.get(line.sku());
            Map<String, Long> returnedByPart = reversals(line);
            for (Part part : line.parts()) {
                Instant at = transferredAt(line, part);
                long back = returnedByPart.getOrDefault(part.shipmentRef(), 0L);
                transfers.add(transfer(line.orderRef(), part.shipmentRef(), part.quantity(),
                        price, at, back));
                billing.add(billingLine("INVOICE", line.orderRef(), part.shipmentRef(),
                        line.sku(), part.quantity(), price, at));
                if (back > 0) {
                    billing.add(billingLine("CREDIT_NOTE", line.orderRef(), part.shipmentRef(),
                            line.sku(), -back, price, line.returnedAt()));
                }
            }
        }
        Collections.sort(positions);
        Collections.sort(transfers);
        Collections.sort(billing);
        return new Outcome(positions, transfers, billing);
    }

    /** A return reverses the latest transfers of its line first. */
    private static Map<String, Long> reversals(Line line) {
        List<Part> latestFirst = line.parts().stream()
                .sorted(Comparator.comparing((Part p) -> transferredAt(line, p))
                        .thenComparing(Part::shipmentRef).reversed())
                .toList();
        Map<String, Long> taken = new HashMap<>();
        long wanted = line.returned();
        for (Part part : latestFirst) {
            long take = Math.min(wanted, part.quantity());
            if (take > 0) {
                taken.put(part.shipmentRef(), take);
                wanted -= take;
            }
        }
        return taken;
    }

    private static Instant transferredAt(Line line, Part part) {
        return line.soldAt().isAfter(part.shippedAt()) ? line.soldAt() : part.shippedAt();
    }

    private Outcome observed() {
        List<String> positions = books.jdbc().query("""
                select sku, bucket, quantity from stock_position
                where owner = 'V1' and location = 'L1' and quantity <> 0
                order by sku, bucket""",
                (rs, n) -> position(rs.getString(1), rs.getString(2), rs.getLong(3)));
        List<String> transfers = books.jdbc().query("""
                select t.order_ref, p.shipment_ref, t.quantity, t.unit_price, t.transferred_at,
                    t.returned_qty
                from title_transfer t join shipment_part p on p.id = t.shipment_part_id
                where t.vendor = 'V1'""",
                (rs, n) -> transfer(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getBigDecimal(4), rs.getTimestamp(5).toInstant(), rs.getLong(6)));
        List<String> billing = books.jdbc().query("""
                select b.kind, t.order_ref, p.shipment_ref, b.sku, b.quantity, b.unit_price,
                    b.net_amount, to_char(b.business_date, 'YYYY-MM-DD'),
                    to_char(b.period_month, 'YYYY-MM'),
                    (b.reverses_line is null
                        or b.reverses_line = (select i.id from billing_line i
                            where i.transfer_id = b.transfer_id and i.kind = 'INVOICE'))
                from billing_line b
                join title_transfer t on t.id = b.transfer_id
                join shipment_part p on p.id = t.shipment_part_id
                where b.vendor = 'V1'""",
                (rs, n) -> String.join(" ", rs.getString(1), rs.getString(2) + "/"
                        + rs.getString(3), rs.getString(4), Long.toString(rs.getLong(5)),
                        "@" + rs.getBigDecimal(6).stripTrailingZeros().toPlainString(),
                        "=" + rs.getBigDecimal(7).toPlainString(), "on " + rs.getString(8),
                        "in " + rs.getString(9),
                        rs.getBoolean(10) ? "" : "reversing another transfer's line").trim());
        Collections.sort(positions);
        Collections.sort(transfers);
        Collections.sort(billing);
        return new Outcome(positions, transfers, billing);
    }

    private static String position(String sku, String bucket, long quantity) {
        return "V1 " + sku + "/L1 " + bucket + " = " + quantity;
    }

    private static String transfer(String orderRef, String shipmentRef, long quantity,
            BigDecimal price, Instant at, long returned) {
        return orderRef + "/" + shipmentRef + " " + quantity + " @"
                + price.stripTrailingZeros().toPlainString() + " at " + at + " returned "
                + returned;
    }

    private static String billingLine(String kind, String orderRef, String shipmentRef,
            String sku, long quantity, BigDecimal price, Instant at) {
        LocalDate date = at.atZone(NEW_YORK).toLocalDate();
        return String.join(" ", kind, orderRef + "/" + shipmentRef, sku,
                Long.toString(quantity), "@" + price.stripTrailingZeros().toPlainString(),
                "=" + Money.extend(quantity, price, "USD").toPlainString(), "on " + date,
                "in " + YearMonth.from(date));
    }

}
