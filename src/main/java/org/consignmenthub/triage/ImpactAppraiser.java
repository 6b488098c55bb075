package org.consignmenthub.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.agreement.Terms;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.OrderRevised;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.StockMoved;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.intake.DeadLetters;

/**
 * Puts a figure on a refused record so that support staff fix the costly ones first: the
 * order value a customer pays (order and sale lines at their price), or else the stock
 * value at the vendor's agreed price, in its currency, of the record's first event that
 * names goods; and the moment it is due by, the
 * end of the settlement period of the vendor's agreement in force when it happened (for a
 * per-shipment agreement, the moment itself). A record refused before it became canonical
 * events (unreadable, unmapped) has no figure.
 */
public class ImpactAppraiser implements DeadLetters.Appraiser {

    private static final TypeReference<List<CanonicalEvent>> EVENTS = new TypeReference<>() { };

    /** Whole digits of the largest figure worth showing. */
    private static final int MAX_DIGITS = 15;

    private final Catalog catalog;
    private final Agreements agreements;

    public ImpactAppraiser(Catalog catalog, Agreements agreements) {
        this.catalog = catalog;
        this.agreements = agreements;
    }

    /** A quantity of one SKU as an event states it, with the price it states, if any. */
    private record Stake(String legalEntity, String vendor, String sku, long quantity,
            BigDecimal statedPrice, String statedCurrency, Instant at) {
    }

    @Override
    public DeadLetters.Impact appraise(DeadLetters.Entry entry) {
        if (entry.eventJson() == null) {
            return DeadLetters.Impact.UNKNOWN;
        }
        List<CanonicalEvent> events;
        try {
            events = CanonicalJson.mapper().readValue(entry.eventJson(), EVENTS);
        } catch (JsonProcessingException unreadable) {
            return DeadLetters.Impact.UNKNOWN;
        }
        // A record's events tell of the same goods (an order and its sale, say): the first
        // that names goods is the one counted, so nothing is counted twice.
        return events.stream().map(ImpactAppraiser::stakes).filter(s -> !s.isEmpty())
                .findFirst().map(this::total).orElse(DeadLetters.Impact.UNKNOWN);
    }

    private DeadLetters.Impact total(List<Stake> stakes) {
        BigDecimal amount = BigDecimal.ZERO;
        String currency = null;
        boolean priced = false;
        Instant urgentBy = null;
        for (Stake stake : stakes) {
            Optional<Terms> terms = terms(stake);
            BigDecimal price = stake.statedPrice();
            String priceCurrency = stake.statedCurrency();
            if (price == null && terms.isPresent()) {
                price = agreements.priceAt(terms.get(), stake.sku(), stake.at()).orElse(null);
                priceCurrency = terms.get().currency();
            }
            // Amounts in different currencies cannot be added; the first currency counts.
            if (price != null && (currency == null || currency.equals(priceCurrency))) {
                amount = amount.add(price.multiply(BigDecimal.valueOf(stake.quantity())));
                currency = priceCurrency;
                priced = true;
            }
            Instant due = terms.map(t -> dueBy(t, stake.at())).orElse(null);
            if (due != null && (urgentBy == null || due.isBefore(urgentBy))) {
                urgentBy = due;
            }
        }
        // A figure beyond any real order (a price the database refuses, say) is no guide.
        if (amount.precision() - amount.scale() > MAX_DIGITS) {
            priced = false;
        }
        Stake first = stakes.get(0);
        return new DeadLetters.Impact(priced ? amount.setScale(2, RoundingMode.HALF_UP) : null,
                priced ? currency : null, urgentBy, first.sku(), vendorOf(first).orElse(null));
    }

    private Optional<Terms> terms(Stake stake) {
        return vendorOf(stake).flatMap(vendor ->
                agreements.termsAt(stake.legalEntity(), vendor, stake.at()));
    }

    private Optional<String> vendorOf(Stake stake) {
        if (stake.vendor() != null) {
            return Optional.of(stake.vendor());
        }
        return catalog.item(stake.legalEntity(), stake.sku())
                .map(Catalog.ItemRecord::vendor);
    }

    private static Instant dueBy(Terms terms, Instant at) {
        if (terms.settlementPeriod() == Terms.SettlementPeriod.PER_SHIPMENT) {
            return at;
        }
        return terms.endOf(YearMonth.from(at.atZone(terms.timeZone())));
    }

    private static List<Stake> stakes(CanonicalEvent event) {
        String entity = event.key().legalEntity();
        if (event instanceof OrderPlaced e) {
            return lines(entity, e.lines(), e.currency(), e.occurredAt());
        } else if (event instanceof SaleCompleted e) {
            return lines(entity, e.lines(), e.currency(), e.occurredAt());
        } else if (event instanceof ShipmentConfirmed e) {
            return lines(entity, e.lines(), null, e.occurredAt());
        } else if (event instanceof OrderRevised e) {
            return e.lines().stream().map(line -> new Stake(entity, null, line.sku(),
                    line.quantity(), e.currency() == null ? null : line.unitPrice(),
                    e.currency(), e.occurredAt())).toList();
        } else if (event instanceof VendorStockReported e) {
            return List.of(new Stake(entity, e.vendor(), e.sku(), e.quantity(), null, null,
                    e.occurredAt()));
        } else if (event instanceof PurchaseReceived e) {
            return List.of(new Stake(entity, null, e.sku(), e.quantity(), e.unitCost(),
                    e.currency(), e.occurredAt()));
        } else if (event instanceof ReturnReceived e) {
            return List.of(new Stake(entity, null, e.sku(), e.quantity(), null, null,
                    e.occurredAt()));
        } else if (event instanceof StockMoved e) {
            return List.of(new Stake(entity, null, e.sku(), e.quantity(), null, null,
                    e.occurredAt()));
        }
        return List.of();
    }

    private static List<Stake> lines(String entity, List<OrderLine> lines, String currency,
            Instant at) {
        return lines.stream().map(line -> new Stake(entity, null, line.sku(), line.quantity(),
                currency == null ? null : line.unitPrice(), currency, at)).toList();
    }
}
