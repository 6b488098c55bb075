package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A channel's validation rules as data: {@code mappings/<channel>/rules.yaml}. The file
 * declares the facts the rules read from each source record (JSONata expressions, because
 * an e-mail address or a PO number is not part of every canonical event), the rules of
 * every account ({@code defaults}) and, under {@code accounts}, what one account does
 * differently: a key given there replaces the default's.
 *
 * <p>The file is checked when the hub starts: an unknown key, a required fact nobody
 * declared or a malformed value stops the start with the file and the key named, so a typo
 * cannot switch a rule off unnoticed.
 */
public final class ValidationRules {

    /** The file name of a channel's rules beside its mappings. */
    public static final String FILE = "rules.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> RULE_KEYS = Set.of("required", "currencies", "sku",
            "priceTolerancePercent", "address", "duplicateWindow");
    private static final Set<String> ADDRESS_KEYS = Set.of("countryRequired",
            "allowedCountries");

    private final String channel;
    private final Map<String, String> facts;
    private final ObjectNode defaults;
    private final Map<String, RuleSet> byAccount;
    private final RuleSet channelDefaults;

    private ValidationRules(String channel, Map<String, String> facts, ObjectNode defaults,
            Map<String, RuleSet> byAccount, RuleSet channelDefaults) {
        this.channel = channel;
        this.facts = facts;
        this.defaults = defaults;
        this.byAccount = byAccount;
        this.channelDefaults = channelDefaults;
    }

    /** A channel with no rules file: nothing is checked beyond the canonical model. */
    public static ValidationRules none(String channel) {
        return new ValidationRules(channel, Map.of(), YAML.createObjectNode(), Map.of(),
                RuleSet.NONE);
    }

    public static ValidationRules load(Path file) {
        String channel = file.getParent().getFileName().toString();
        JsonNode yaml;
        try {
            yaml = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules " + file, e);
        }
        if (yaml == null || yaml.isMissingNode() || yaml.isNull()) {
            return none(channel);
        }
        expectKeys(yaml, Set.of("facts", "defaults", "accounts"), file, "");

        Map<String, String> facts = new LinkedHashMap<>();
        yaml.path("facts").fields()
                .forEachRemaining(f -> facts.put(f.getKey(), f.getValue().asText()));
        ObjectNode defaults = yaml.has("defaults") ? (ObjectNode) yaml.get("defaults")
                : YAML.createObjectNode();
        RuleSet channelDefaults = parse(defaults, facts, file, "defaults");

        Map<String, RuleSet> byAccount = new LinkedHashMap<>();
        yaml.path("accounts").fields().forEachRemaining(a -> {
            ObjectNode merged = defaults.deepCopy();
            a.getValue().fields().forEachRemaining(f -> merged.set(f.getKey(), f.getValue()));
            byAccount.put(a.getKey(),
                    parse(merged, facts, file, "accounts." + a.getKey()));
        });
        return new ValidationRules(channel, Map.copyOf(facts), defaults, Map.copyOf(byAccount),
                channelDefaults);
    }

    public String channel() {
        return channel;
    }

    /** The rules an account's records pass: its own if it has any, else the defaults. */
    public RuleSet forAccount(String account) {
        return byAccount.getOrDefault(account, channelDefaults);
    }

    /** The facts the rules read, by name, each a JSONata expression over the record. */
    public Map<String, String> facts() {
        return facts;
    }

    /** Whether any account of this channel has a rule that reads a fact of the record. */
    public boolean readsFacts() {
        return !facts.isEmpty();
    }

    private static RuleSet parse(JsonNode node, Map<String, String> facts, Path file,
            String at) {
        expectKeys(node, RULE_KEYS, file, at);
        List<String> required = new ArrayList<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        for (String fact : required) {
            if (!facts.containsKey(fact)) {
                throw invalid(file, at + ".required", "fact '" + fact + "' is not declared"
                        + " under facts; declared: " + facts.keySet());
            }
        }
        JsonNode address = node.path("address");
        expectKeys(address, ADDRESS_KEYS, file, at + ".address");
        boolean countryRequired = address.path("countryRequired").asBoolean(false);
        Set<String> countries = upper(address.path("allowedCountries"));
        if ((countryRequired || !countries.isEmpty()) && !facts.containsKey("country")) {
            throw invalid(file, at + ".address", "address rules read the fact 'country',"
                    + " which is not declared under facts");
        }
        return new RuleSet(List.copyOf(required), upper(node.path("currencies")),
                skuRule(node.path("sku"), file, at),
                percent(node.path("priceTolerancePercent"), file, at), countryRequired,
                countries, window(node.path("duplicateWindow"), file, at));
    }

    private static RuleSet.SkuRule skuRule(JsonNode node, Path file, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return RuleSet.SkuRule.ANY;
        }
        try {
            return RuleSet.SkuRule.valueOf(node.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(file, at + ".sku", "is '" + node.asText() + "'; use known, create"
                    + " or any");
        }
    }

    private static BigDecimal percent(JsonNode node, Path file, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            BigDecimal percent = new BigDecimal(node.asText());
            if (percent.signum() < 0) {
                throw invalid(file, at + ".priceTolerancePercent", "cannot be negative");
            }
            return percent;
        } catch (NumberFormatException e) {
            throw invalid(file, at + ".priceTolerancePercent", "is not a number: "
                    + node.asText());
        }
    }

    private static Duration window(JsonNode node, Path file, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return Duration.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw invalid(file, at + ".duplicateWindow", "is '" + node.asText()
                    + "'; give an ISO-8601 duration such as PT24H");
        }
    }

    private static Set<String> upper(JsonNode list) {
        Set<String> values = new LinkedHashSet<>();
        list.forEach(v -> values.add(v.asText().trim().toUpperCase(Locale.ROOT)));
        return Set.copyOf(values);
    }

    private static void expectKeys(JsonNode node, Set<String> allowed, Path file, String at) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw invalid(file, at.isEmpty() ? key : at + "." + key, "is not a rule;"
                        + " known: " + allowed);
            }
        });
    }

    private static IllegalStateException invalid(Path file, String at, String reason) {
        return new IllegalStateException("rules " + file + ": " + at + " " + reason);
    }

    @Override
    public String toString() {
        return "rules of " + channel + " " + defaults;
    }
}
