package org.consignmenthub.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.consignmenthub.catalog.CatalogRefused.Problem;
import org.slf4j.Logger;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a catalog document into the hub. Loading is safe to repeat: entities, vendors,
 * locations and items are updated in place, and an agreement version that exists already
 * is kept as it is, because transfers may have used it; terms change by a new version.
 */
public class CatalogLoader {

    private static final Logger log = LoggerFactory.getLogger(CatalogLoader.class);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A key given twice would otherwise keep its last value without a word.
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final List<Runnable> listeners = new ArrayList<>();

    public CatalogLoader(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /**
     * Reads a catalog document; one that is not YAML of the catalog's shape is refused with
     * the place (path and line) and what was expected there.
     */
    public static CatalogDocument parse(InputStream yaml) throws IOException {
        CatalogDocument document;
        try {
            document = YAML.readValue(yaml, CatalogDocument.class);
        } catch (JsonMappingException e) {
            if (syntaxError(e) instanceof MarkedYAMLException syntax) {
                throw new CatalogRefused(List.of(new Problem("", notYaml(syntax))));
            }
            throw new CatalogRefused(List.of(new Problem(pathOf(e), unreadable(e))));
        } catch (JsonProcessingException e) {
            if (syntaxError(e) instanceof MarkedYAMLException syntax) {
                throw new CatalogRefused(List.of(new Problem("", notYaml(syntax))));
            }
            throw new CatalogRefused(List.of(new Problem("", "not readable as YAML at "
                    + lineOf(e) + ": " + e.getOriginalMessage())));
        }
        if (document == null) {
            throw new CatalogRefused(List.of(new Problem("", "the document is empty")));
        }
        return document;
    }

    /** Called after every load, so that caches of catalog data are dropped. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Loads the whole document, or nothing of it when any part is refused. */
    public void load(CatalogDocument document) {
        transaction.executeWithoutResult(status -> {
            List<Problem> problems = new CatalogCheck(jdbc).problems(document);
            if (!problems.isEmpty()) {
                throw new CatalogRefused(problems);
            }
            for (CatalogDocument.LegalEntity entity : listOf(document.legalEntities())) {
                loadEntity(entity);
            }
        });
        listeners.forEach(Runnable::run);
    }

    private void loadEntity(CatalogDocument.LegalEntity entity) {
        jdbc.update("""
                insert into legal_entity (code, name, currency, time_zone) values (?, ?, ?, ?)
                on conflict (code) do update set name = excluded.name,
                    currency = excluded.currency, time_zone = excluded.time_zone""",
                entity.code(), entity.name(), entity.currency(), entity.timeZone());

        for (CatalogDocument.Location location : listOf(entity.locations())) {
            jdbc.update("""
                    insert into location (legal_entity, code, name) values (?, ?, ?)
                    on conflict (legal_entity, code) do update set name = excluded.name""",
                    entity.code(), location.code(), location.name());
        }
        for (CatalogDocument.Vendor vendor : listOf(entity.vendors())) {
            loadVendor(entity.code(), vendor);
        }
        loadItems(entity.code(), listOf(entity.items()));
        for (CatalogDocument.ChannelAccount account : listOf(entity.channelAccounts())) {
            jdbc.update("""
                    insert into channel_account (channel, account, legal_entity, location)
                    values (?, ?, ?, ?) on conflict (channel, account) do update
                    set legal_entity = excluded.legal_entity, location = excluded.location""",
                    account.channel(), account.account(), entity.code(), account.location());
        }
        log.info("Catalog loaded legalEntity={} vendors={} items={} locations={}",
                entity.code(), listOf(entity.vendors()).size(), listOf(entity.items()).size(),
                listOf(entity.locations()).size());
    }

    private void loadVendor(String legalEntity, CatalogDocument.Vendor vendor) {
        jdbc.update("""
                insert into vendor (legal_entity, code, name, tax_registration,
                    expected_feed_hours) values (?, ?, ?, ?, ?)
                on conflict (legal_entity, code) do update set name = excluded.name,
                    tax_registration = excluded.tax_registration,
                    expected_feed_hours = excluded.expected_feed_hours""",
                legalEntity, vendor.code(), vendor.name(), vendor.taxRegistration(),
                vendor.expectedFeedHours());
        for (CatalogDocument.Agreement agreement : listOf(vendor.agreements())) {
            loadAgreement(legalEntity, vendor.code(), agreement);
        }
    }

    private void loadAgreement(String legalEntity, String vendor,
            CatalogDocument.Agreement agreement) {
        CatalogDocument.CountTerms counts = agreement.counts() != null ? agreement.counts()
                : new CatalogDocument.CountTerms(null, null, null, null, null, null, null);
        Long id = jdbc.query("""
                insert into consignment_agreement (legal_entity, vendor, version, reference,
                    effective_from, currency, tax_rate, settlement_period, time_zone,
                    return_window_hours, transfer_trigger, consumption_priority,
                    count_attribution, count_tolerance_units, count_tolerance_percent,
                    count_tolerance_value, shrink_bearer, discrepancy_response_hours,
                    cycle_count_days)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (legal_entity, vendor, version) do nothing
                returning id""",
                rs -> rs.next() ? rs.getLong(1) : null,
                legalEntity, vendor, agreement.version(), agreement.reference(),
                java.sql.Timestamp.from(agreement.effectiveFrom()), agreement.currency(),
                agreement.taxRate(), agreement.settlementPeriod(),
                agreement.timeZone(), agreement.returnWindowHours(),
                defaultIfNull(agreement.transferTrigger(), "SALE_AND_SHIPMENT"),
                defaultIfNull(agreement.consumptionPriority(), "CONSIGNMENT_FIRST"),
                defaultIfNull(counts.attribution(), "CONSIGNMENT_FIRST"),
                defaultIfNull(counts.toleranceUnits(), 0L),
                defaultIfNull(counts.tolerancePercent(), java.math.BigDecimal.ZERO),
                counts.toleranceValue(),
                defaultIfNull(counts.shrinkBearer(), "RETAILER_LIABLE"),
                defaultIfNull(counts.responseHours(), 72),
                defaultIfNull(counts.cycleCountDays(), 30));
        if (id == null) {
            return;
        }
        List<Object[]> prices = new ArrayList<>();
        for (CatalogDocument.Price price : listOf(agreement.prices())) {
            java.time.Instant from = price.effectiveFrom() != null ? price.effectiveFrom()
                    : agreement.effectiveFrom();
            prices.add(new Object[] {id, price.sku(), price.unitPrice(),
                java.sql.Timestamp.from(from)});
        }
        jdbc.batchUpdate("""
                insert into agreed_price (agreement_id, sku, unit_price, effective_from)
                values (?, ?, ?, ?)""", prices);
        log.info("Agreement loaded legalEntity={} vendor={} version={} prices={}",
                legalEntity, vendor, agreement.version(), prices.size());
    }

    private void loadItems(String legalEntity, List<CatalogDocument.Item> items) {
        List<Object[]> rows = items.stream()
                .map(i -> new Object[] {legalEntity, i.sku(), i.description(), i.vendor()})
                .toList();
        jdbc.batchUpdate("""
                insert into item (legal_entity, sku, description, vendor) values (?, ?, ?, ?)
                on conflict (legal_entity, sku) do update
                set description = excluded.description, vendor = excluded.vendor""", rows);
    }

    private static Throwable syntaxError(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String notYaml(MarkedYAMLException syntax) {
        String context = syntax.getContext() == null ? ""
                : syntax.getContext() + at(syntax.getContextMark()) + ": ";
        return "not readable as YAML: " + context + syntax.getProblem()
                + at(syntax.getProblemMark());
    }

    private static String at(Mark mark) {
        return mark == null ? ""
                : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String unreadable(JsonMappingException e) {
        String where = " (" + lineOf(e) + ")";
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'" + where;
        }
        if (e instanceof InvalidFormatException invalid) {
            return "'" + invalid.getValue() + "' is not " + expected(invalid.getTargetType())
                    + where;
        }
        if (e instanceof MismatchedInputException mismatched
                && mismatched.getTargetType() != null) {
            return "is not " + expected(mismatched.getTargetType()) + where;
        }
        return e.getOriginalMessage() + where;
    }

    private static String expected(Class<?> type) {
        if (type == java.math.BigDecimal.class) {
            return "a decimal number";
        }
        if (type == Integer.class || type == int.class || type == Long.class
                || type == long.class) {
            return "a whole number";
        }
        if (type == java.time.Instant.class) {
            return "a time with its offset, such as 2026-01-01T00:00:00Z";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "a text value";
        }
        return "a " + type.getSimpleName() + " entry";
    }

    private static String lineOf(JsonProcessingException e) {
        return e.getLocation() == null ? "position unknown"
                : "line " + e.getLocation().getLineNr();
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <T> T defaultIfNull(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
