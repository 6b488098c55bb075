package org.consignmenthub.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
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
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final List<Runnable> listeners = new ArrayList<>();

    public CatalogLoader(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    public static CatalogDocument parse(InputStream yaml) throws IOException {
        return YAML.readValue(yaml, CatalogDocument.class);
    }

    /** Called after every load, so that caches of catalog data are dropped. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public void load(CatalogDocument document) {
        transaction.executeWithoutResult(status -> {
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
        if (vendor.expectedFeedHours() != null && vendor.expectedFeedHours() <= 0) {
            throw new IllegalArgumentException("expectedFeedHours of vendor " + vendor.code()
                    + " must be a positive number of hours, not " + vendor.expectedFeedHours());
        }
        if (Objects.equals(vendor.code(), Owners.RETAILER)) {
            throw new IllegalArgumentException("vendor code " + Owners.RETAILER
                    + " is reserved for the retailer's own stock");
        }
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

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <T> T defaultIfNull(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
