package org.consignmenthub.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.SaleCompleted;

/**
 * The rules a record passes on its own, without the books: required facts, allowed
 * currencies, and the address rules. The first rule broken is reported, checked in that
 * order, so the same record always gives the same reason.
 */
final class RecordRules {

    private RecordRules() {
    }

    static RuleViolation check(RuleSet rules, Map<String, String> facts,
            List<CanonicalEvent> events) {
        for (String fact : rules.required()) {
            if (blank(facts.get(fact))) {
                return new RuleViolation("required", fact, null,
                        "this account's records must carry " + fact);
            }
        }
        RuleViolation currency = currency(rules, events);
        if (currency != null) {
            return currency;
        }
        return address(rules, facts.get("country"));
    }

    private static RuleViolation currency(RuleSet rules, List<CanonicalEvent> events) {
        if (rules.currencies().isEmpty()) {
            return null;
        }
        for (String currency : currencies(events)) {
            if (blank(currency)) {
                return new RuleViolation("currencies", "currency", null,
                        "a currency is required; allowed: " + sorted(rules));
            }
            if (!rules.currencies().contains(currency.toUpperCase(Locale.ROOT))) {
                return new RuleViolation("currencies", "currency", currency,
                        "not an allowed currency of this account; allowed: " + sorted(rules));
            }
        }
        return null;
    }

    private static List<String> currencies(List<CanonicalEvent> events) {
        List<String> found = new ArrayList<>();
        for (CanonicalEvent event : events) {
            if (event instanceof OrderPlaced e) {
                found.add(e.currency());
            } else if (event instanceof SaleCompleted e) {
                found.add(e.currency());
            } else if (event instanceof PurchaseReceived e) {
                found.add(e.currency());
            }
        }
        return found;
    }

    private static RuleViolation address(RuleSet rules, String country) {
        if (blank(country)) {
            return rules.countryRequired() ? new RuleViolation("address", "country", null,
                    "this account's records must name the country of the address") : null;
        }
        String code = country.trim().toUpperCase(Locale.ROOT);
        if (!rules.allowedCountries().isEmpty() && !rules.allowedCountries().contains(code)) {
            return new RuleViolation("address", "country", country, "not a country this"
                    + " account delivers to; allowed: "
                    + rules.allowedCountries().stream().sorted().toList());
        }
        return null;
    }

    private static List<String> sorted(RuleSet rules) {
        return rules.currencies().stream().sorted().toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
