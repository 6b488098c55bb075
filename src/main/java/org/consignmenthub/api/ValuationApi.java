package org.consignmenthub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.reporting.StockValuation;
import org.consignmenthub.runtime.HubClock;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the stock is worth, per location and SKU, for finance: the retailer's own units at
 * their moving average cost, and apart from them the units each vendor consigns, as the
 * exposure at the agreed price in force now. The two are never added together: consigned
 * units cost the retailer nothing until title passes. Money has two decimals.
 */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class ValuationApi {

    private final StockValuation valuation;
    private final Catalog catalog;
    private final HubClock clock;

    ValuationApi(StockValuation valuation, Catalog catalog, HubClock clock) {
        this.valuation = valuation;
        this.catalog = catalog;
        this.clock = clock;
    }

    @GetMapping("/valuation")
    ResponseEntity<Object> valuation(@RequestParam String legalEntity,
            @RequestParam(required = false) String location) {
        if (catalog.currency(legalEntity).isEmpty()) {
            return refused("UNKNOWN_LEGAL_ENTITY", "legalEntity", "no legal entity "
                    + legalEntity + " in the catalog");
        }
        if (location != null && !catalog.locationExists(legalEntity, location)) {
            return refused("UNKNOWN_LOCATION", "location", "location " + location
                    + " is not in the catalog of " + legalEntity);
        }

        StockValuation.LocationReport report = valuation.byLocation(legalEntity, location,
                clock.instant());
        return ResponseEntity.ok(answer(report));
    }

    private static ObjectNode answer(StockValuation.LocationReport report) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("legalEntity", report.legalEntity());
        answer.put("location", report.location());
        answer.put("pricesAt", report.pricesAt().toString());
        ArrayNode stock = answer.putArray("stock");
        Totals totals = new Totals();

        for (StockValuation.Holding holding : report.holdings()) {
            ObjectNode row = stock.addObject();
            row.put("location", holding.location());
            row.put("sku", holding.sku());
            StockValuation.OwnStock own = holding.retailer();
            row.put("retailerUnits", own == null ? 0 : own.units());
            row.put("averageUnitCost", own == null ? null : money(own.averageUnitCost()));
            row.put("retailerValue", own == null ? "0.00" : money(own.value()));
            row.put("currency", own == null ? null : own.currency());
            totals.add(own);
            ArrayNode consigned = row.putArray("consigned");
            for (StockValuation.Exposure exposure : holding.consigned()) {
                ObjectNode vendor = consigned.addObject();
                vendor.put("vendor", exposure.vendor());
                vendor.put("units", exposure.units());
                vendor.put("agreedUnitPrice", money(exposure.agreedUnitPrice()));
                vendor.put("exposure", money(exposure.value()));
                vendor.put("currency", exposure.currency());
                totals.add(exposure);
            }
        }

        answer.set("totals", totals.json());
        ArrayNode unvalued = answer.putArray("unvalued");
        report.unvalued().forEach(u -> unvalued.addObject().put("location", u.location())
                .put("owner", u.owner()).put("sku", u.sku()).put("units", u.units())
                .put("reason", u.why()));
        return answer;
    }

    /** Sums per currency for the retailer and per vendor for consignment, kept apart. */
    private static final class Totals {

        private final Map<String, Sum> retailer = new TreeMap<>();
        private final Map<String, Sum> consigned = new TreeMap<>();

        void add(StockValuation.OwnStock own) {
            if (own != null && own.value() != null) {
                retailer.computeIfAbsent(own.currency(), c -> new Sum(null, c))
                        .add(own.units(), own.value());
            }
        }

        void add(StockValuation.Exposure exposure) {
            if (exposure.value() != null) {
                consigned.computeIfAbsent(exposure.vendor() + " " + exposure.currency(),
                        k -> new Sum(exposure.vendor(), exposure.currency()))
                        .add(exposure.units(), exposure.value());
            }
        }

        ObjectNode json() {
            ObjectNode totals = JsonNodeFactory.instance.objectNode();
            ArrayNode own = totals.putArray("retailer");
            retailer.values().forEach(sum -> own.addObject().put("currency", sum.currency)
                    .put("units", sum.units).put("value", money(sum.value)));
            ArrayNode vendors = totals.putArray("consigned");
            consigned.values().forEach(sum -> vendors.addObject().put("vendor", sum.vendor)
                    .put("currency", sum.currency).put("units", sum.units)
                    .put("exposure", money(sum.value)));
            return totals;
        }
    }

    private static final class Sum {

        private final String vendor;
        private final String currency;
        private long units;
        private BigDecimal value = BigDecimal.ZERO;

        Sum(String vendor, String currency) {
            this.vendor = vendor;
            this.currency = currency;
        }

        void add(long moreUnits, BigDecimal moreValue) {
            units += moreUnits;
            value = value.add(moreValue);
        }
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static ResponseEntity<Object> refused(String reasonCode, String field,
            String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reasonCode", reasonCode);
        body.put("field", field);
        body.put("reason", reason);
        return ResponseEntity.badRequest().body(body);
    }
}
