package org.consignmenthub.vendor.portal;

import org.apache.camel.ProducerTemplate;
import org.consignmenthub.reconciliation.CountSessions;
import org.consignmenthub.runtime.HubClock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The portal's parts, on the hub's clock so that deadlines read as the books do. */
@Configuration(proxyBeanMethods = false)
class PortalConfiguration {

    @Bean
    PortalReads portalReads(NamedParameterJdbcTemplate sql, HubClock clock) {
        return new PortalReads(sql, clock);
    }

    @Bean
    PortalStockUpdates portalStockUpdates(ProducerTemplate camel, HubClock clock) {
        return new PortalStockUpdates(camel, clock);
    }

    @Bean
    PortalCountSheets portalCountSheets(PortalReads reads, CountSessions sessions,
            TransactionTemplate transaction) {
        return new PortalCountSheets(reads, sessions, transaction);
    }
}
