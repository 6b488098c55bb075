package org.consignmenthub.intake;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.agreement.Terms;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CountRecorded;
import org.consignmenthub.canonical.Money;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.StockMoved;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The validation rules that read the books: SKU known (or added to the catalog), price
 * within tolerance of the agreed price, and the duplicate window. They run at intake, after
 * mapping and before the events are handed on, so a refused record never reaches the queue.
 */
public class BookRules {

    private static final Logger log = LoggerFactory.getLogger(BookRules.class);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final JdbcTemplate jdbc;
    private final Catalog catalog;
    private final Agreements agreements;
    private final Clock clock;

    public BookRules(JdbcTemplate jdbc, Catalog catalog, Agreements agreements, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.agreements = agreements;
        this.clock = clock;
    }

    /**
     * The first rule the record breaks, or null. A record that passes is remembered for the
     * duplicate window, and SKUs it names that the catalog lacks are added when the rules
     * say so: only then, so a refused record leaves the catalog as it was.
     */
    public RuleViolation check(InboundMessage message, RuleSet rules,
            MappedRecord.Events record) {
        List<CanonicalEvent> events = record.events();
        List<SkuUse> unknown = unknownSkus(events, rules);
        if (rules.sku() == RuleSet.SkuRule.KNOWN && !unknown.isEmpty()) {
            SkuUse first = unknown.get(0);
            return new RuleViolation("sku", first.field(), first.sku(), "not in the catalog of "
                    + first.legalEntity() + "; this account's records must name known SKUs");
        }
        RuleViolation price = price(rules, events);
        if (price != null) {
            return price;
        }
        RuleViolation duplicate = duplicate(message, rules, record);
        if (duplicate != null) {
            return duplicate;
        }

        if (rules.sku() == RuleSet.SkuRule.CREATE) {
            unknown.forEach(use -> create(message, use));
        }
        return null;
    }

    /** A SKU named by an event, with the field it sits in and who reported it. */
    private record SkuUse(String legalEntity, String sku, String field, String vendor,
            String description) {
    }

    private List<SkuUse> unknownSkus(List<CanonicalEvent> events, RuleSet rules) {
        if (rules.sku() == RuleSet.SkuRule.ANY) {
            return List.of();
        }
        List<SkuUse> unknown = new ArrayList<>();
        for (SkuUse use : skus(events)) {
            boolean seen = unknown.stream().anyMatch(u -> u.sku().equals(use.sku()));
            if (!seen && catalog.item(use.legalEntity(), use.sku()).isEmpty()) {
                unknown.add(use);
            }
        }
        return unknown;
    }

    private static List<SkuUse> skus(List<CanonicalEvent> events) {
        List<SkuUse> uses = new ArrayList<>();
        for (CanonicalEvent event : events) {
            String entity = event.key().legalEntity();
            if (event instanceof OrderPlaced e) {
                lines(uses, entity, e.lines());
            } else if (event instanceof SaleCompleted e) {
                lines(uses, entity, e.lines());
            } else if (event instanceof ShipmentConfirmed e) {
                lines(uses, entity, e.lines());
            } else if (event instanceof VendorStockReported e) {
                uses.add(new SkuUse(entity, e.sku(), "sku", e.vendor(), null));
            } else if (event instanceof ReturnReceived e) {
                uses.add(new SkuUse(entity, e.sku(), "sku", null, null));
            } else if (event instanceof PurchaseReceived e) {
                uses.add(new SkuUse(entity, e.sku(), "sku", null, null));
            } else if (event instanceof StockMoved e) {
                uses.add(new SkuUse(entity, e.sku(), "sku", null, null));
            } else if (event instanceof CountRecorded e) {
                uses.add(new SkuUse(entity, e.sku(), "sku", null, null));
            }
        }
        return uses;
    }

    private static void lines(List<SkuUse> uses, String entity, List<OrderLine> lines) {
        for (int i = 0; i < lines.size(); i++) {
            uses.add(new SkuUse(entity, lines.get(i).sku(), "lines[" + i + "].sku", null,
                    null));
        }
    }

    /**
     * An order or sale line of a consigned SKU must be priced within the tolerance of the
     * price agreed with its vendor at the time of the event. Lines without a price, of the
     * retailer's own SKUs, or of SKUs with no agreed price have nothing to compare with.
     */
    private RuleViolation price(RuleSet rules, List<CanonicalEvent> events) {
        if (rules.priceTolerancePercent() == null) {
            return null;
        }
        for (CanonicalEvent event : events) {
            List<OrderLine> lines = event instanceof OrderPlaced e ? e.lines()
                    : event instanceof SaleCompleted e ? e.lines() : List.of();
            for (int i = 0; i < lines.size(); i++) {
                RuleViolation off = linePrice(rules, event, lines.get(i), i);
                if (off != null) {
                    return off;
                }
            }
        }
        return null;
    }

    private RuleViolation linePrice(RuleSet rules, CanonicalEvent event, OrderLine line,
            int index) {
        if (line.unitPrice() == null) {
            return null;
        }
        String entity = event.key().legalEntity();
        Optional<Catalog.ItemRecord> item = catalog.item(entity, line.sku());
        if (item.isEmpty() || !item.get().consigned()) {
            return null;
        }
        Optional<Terms> terms = agreements.termsAt(entity, item.get().vendor(),
                event.occurredAt());
        Optional<BigDecimal> agreed = terms.flatMap(t -> agreements.priceAt(t, line.sku(),
                event.occurredAt()));
        if (agreed.isEmpty() || agreed.get().signum() == 0) {
            return null;
        }
        BigDecimal offBy = line.unitPrice().subtract(agreed.get()).abs()
                .multiply(HUNDRED).divide(agreed.get(), MathContext.DECIMAL64)
                .setScale(2, RoundingMode.HALF_UP);
        if (offBy.compareTo(rules.priceTolerancePercent()) <= 0) {
            return null;
        }
        return new RuleViolation("priceTolerancePercent", "lines[" + index + "].unitPrice",
                line.unitPrice().toPlainString(), "SKU " + line.sku() + " is agreed at "
                        + Money.round(agreed.get(), terms.get().currency()).toPlainString()
                        + " with vendor " + item.get().vendor()
                        + " (agreement " + terms.get().reference() + "); the price is "
                        + offBy.toPlainString() + "% off, more than the "
                        + rules.priceTolerancePercent().toPlainString() + "% allowed");
    }

    /**
     * The same record content from another delivery (another file name, another request
     * id) within the window. A delivery of the same source again is not a duplicate here:
     * its event keys already make it change nothing.
     */
    private RuleViolation duplicate(InboundMessage message, RuleSet rules,
            MappedRecord.Events record) {
        if (rules.duplicateWindow() == null) {
            return null;
        }
        String digest = Intake.sha256(record.rawRecord() == null ? new byte[0]
                : record.rawRecord().getBytes(StandardCharsets.UTF_8));
        Instant now = clock.instant();
        List<Map<String, Object>> earlier = jdbc.queryForList("""
                select source_ref, record_ref, received_at from record_fingerprint
                where channel = ? and account = ? and digest = ? and source_ref <> ?
                  and received_at >= ?
                order by received_at limit 1""", message.channel(), message.account(),
                digest, message.sourceRef(),
                Timestamp.from(now.minus(rules.duplicateWindow())));
        if (!earlier.isEmpty()) {
            Map<String, Object> first = earlier.get(0);
            return new RuleViolation("duplicateWindow", "record",
                    "sha256:" + digest.substring(0, 16),
                    "the same record came as " + first.get("record_ref") + " at "
                            + ((Timestamp) first.get("received_at")).toInstant()
                            + ", within the window of " + rules.duplicateWindow());
        }
        jdbc.update("""
                insert into record_fingerprint (channel, account, digest, source_ref,
                    record_ref, received_at) values (?, ?, ?, ?, ?, ?)
                on conflict do nothing""", message.channel(), message.account(), digest,
                message.sourceRef(), record.recordRef(), Timestamp.from(now));
        return null;
    }

    private void create(InboundMessage message, SkuUse use) {
        catalog.addItem(use.legalEntity(), use.sku(), use.vendor());
        log.info("SKU added to the catalog channel={} account={} record={} sku={} vendor={}",
                message.channel(), message.account(), message.sourceRef(), use.sku(),
                use.vendor());
    }
}
