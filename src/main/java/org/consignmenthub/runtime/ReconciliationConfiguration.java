package org.consignmenthub.runtime;

import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.billing.SelfBilling;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.ledger.StockLedger;
import org.consignmenthub.reconciliation.AccuracyFigures;
import org.consignmenthub.reconciliation.Adjustments;
import org.consignmenthub.reconciliation.CountMatching;
import org.consignmenthub.reconciliation.CountSchedule;
import org.consignmenthub.reconciliation.CountSessions;
import org.consignmenthub.reconciliation.DiscrepancyCases;
import org.consignmenthub.reconciliation.VendorSnapshots;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the reconciliation services: counts, matching, cases and their figures. */
@Configuration(proxyBeanMethods = false)
class ReconciliationConfiguration {

    @Bean
    Adjustments adjustments(JdbcTemplate jdbc, StockLedger ledger, Agreements agreements,
            SelfBilling billing) {
        return new Adjustments(jdbc, ledger, agreements, billing);
    }

    @Bean
    DiscrepancyCases discrepancyCases(JdbcTemplate jdbc, Adjustments adjustments,
            HubClock clock) {
        return new DiscrepancyCases(jdbc, adjustments, clock);
    }

    @Bean
    CountMatching countMatching(JdbcTemplate jdbc, Adjustments adjustments,
            DiscrepancyCases cases) {
        return new CountMatching(jdbc, adjustments, cases);
    }

    @Bean
    CountSessions countSessions(JdbcTemplate jdbc, Catalog catalog, CountMatching matching,
            HubClock clock) {
        return new CountSessions(jdbc, catalog, matching, clock);
    }

    @Bean
    VendorSnapshots vendorSnapshots(JdbcTemplate jdbc) {
        return new VendorSnapshots(jdbc);
    }

    @Bean
    AccuracyFigures accuracyFigures(JdbcTemplate jdbc, HubClock clock) {
        return new AccuracyFigures(jdbc, clock);
    }

    @Bean
    CountSchedule countSchedule(JdbcTemplate jdbc, DiscrepancyCases cases,
            VendorSnapshots snapshots, HubClock clock) {
        return new CountSchedule(jdbc, cases, snapshots, clock);
    }
}
