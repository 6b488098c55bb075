package org.consignmenthub.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.billing.DocumentNumbers;
import org.consignmenthub.billing.SelfBilling;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.catalog.CatalogLoader;
import org.consignmenthub.documents.PartnerDocuments;
import org.consignmenthub.intake.AcknowledgementOutbox;
import org.consignmenthub.intake.BookRules;
import org.consignmenthub.intake.DeadLetters;
import org.consignmenthub.intake.InboundProgress;
import org.consignmenthub.intake.Intake;
import org.consignmenthub.intake.IntakeMeter;
import org.consignmenthub.intake.MappingCatalog;
import org.consignmenthub.intake.MappingEngine;
import org.consignmenthub.intake.MissedMessages;
import org.consignmenthub.intake.RecordReaders;
import org.consignmenthub.ledger.ChannelOrders;
import org.consignmenthub.ledger.OrderFulfilment;
import org.consignmenthub.ledger.RetailerValuation;
import org.consignmenthub.ledger.StockLedger;
import org.consignmenthub.ownership.TitleTransfers;
import org.consignmenthub.processing.ConsignmentCycle;
import org.consignmenthub.processing.EventProcessor;
import org.consignmenthub.processing.ParkedBatches;
import org.consignmenthub.reconciliation.CountSessions;
import org.consignmenthub.reconciliation.VendorSnapshots;
import org.consignmenthub.reporting.ConsignmentSummary;
import org.consignmenthub.reporting.StockValuation;
import org.consignmenthub.returns.CustomerReturns;
import org.consignmenthub.returns.StoreReturns;
import org.consignmenthub.triage.ImpactAppraiser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the plain-Java business services into the running hub. */
@Configuration(proxyBeanMethods = false)
class HubConfiguration {

    @Bean
    HubClock hubClock() {
        return new HubClock();
    }

    @Bean
    AcknowledgementOutbox acknowledgementOutbox(
            @Value("${hub.outbound.files.dir}") Path outboundDir, MappingEngine mappings,
            HubClock clock) {
        return new AcknowledgementOutbox(outboundDir, mappings.catalog(), clock);
    }

    @Bean
    MappingEngine mappingEngine(@Value("${hub.mappings.dir}") Path mappingsDir) {
        return new MappingEngine(MappingCatalog.load(mappingsDir), RecordReaders.all());
    }

    @Bean
    Catalog catalog(JdbcTemplate jdbc) {
        return new Catalog(jdbc);
    }

    @Bean
    Agreements agreements(JdbcTemplate jdbc) {
        return new Agreements(jdbc);
    }

    @Bean
    CatalogLoader catalogLoader(JdbcTemplate jdbc, TransactionTemplate transaction,
            Catalog catalog, Agreements agreements) {
        CatalogLoader loader = new CatalogLoader(jdbc, transaction);
        loader.onChange(catalog::forget);
        loader.onChange(agreements::forget);
        return loader;
    }

    @Bean
    DeadLetters deadLetters(JdbcTemplate jdbc, TransactionTemplate transaction,
            ImpactAppraiser appraiser, IntakeMeter meter) {
        TransactionTemplate nested = new TransactionTemplate(
                transaction.getTransactionManager());
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return new DeadLetters(jdbc, nested, appraiser, meter);
    }

    @Bean
    Intake intake(JdbcTemplate jdbc, TransactionTemplate transaction, MappingEngine mappings,
            Catalog catalog, DeadLetters deadLetters, HubClock clock,
            @Value("${hub.processing.batch-size}") int batchSize,
            @Value("${hub.processing.groups}") int groups,
            @Value("${hub.intake.max-payload-bytes}") long maxPayloadBytes,
            IntakeMeter meter, Agreements agreements) {
        return new Intake(jdbc, transaction, mappings, catalog, deadLetters, clock, batchSize,
                groups, maxPayloadBytes, meter,
                new BookRules(jdbc, catalog, agreements, clock));
    }

    @Bean
    StockLedger stockLedger(JdbcTemplate jdbc) {
        return new StockLedger(jdbc);
    }

    @Bean
    RetailerValuation retailerValuation(JdbcTemplate jdbc) {
        return new RetailerValuation(jdbc);
    }

    @Bean
    OrderFulfilment orderFulfilment(JdbcTemplate jdbc, StockLedger ledger, Catalog catalog,
            Agreements agreements) {
        return new OrderFulfilment(jdbc, ledger, catalog, agreements);
    }

    @Bean
    TitleTransfers titleTransfers(JdbcTemplate jdbc, StockLedger ledger,
            OrderFulfilment fulfilment, Agreements agreements) {
        return new TitleTransfers(jdbc, ledger, fulfilment, agreements);
    }

    @Bean
    DocumentNumbers documentNumbers(JdbcTemplate jdbc) {
        return new DocumentNumbers(jdbc);
    }

    @Bean
    SelfBilling selfBilling(JdbcTemplate jdbc, Agreements agreements, DocumentNumbers numbers,
            HubClock clock) {
        return new SelfBilling(jdbc, agreements, numbers, clock);
    }

    @Bean
    CustomerReturns customerReturns(JdbcTemplate jdbc, StockLedger ledger, Catalog catalog,
            Agreements agreements) {
        return new CustomerReturns(jdbc, ledger, catalog, agreements);
    }

    @Bean
    StoreReturns storeReturns(JdbcTemplate jdbc, Catalog catalog, Agreements agreements,
            CustomerReturns returns) {
        return new StoreReturns(jdbc, catalog, agreements, returns);
    }

    @Bean
    ConsignmentCycle consignmentCycle(StockLedger ledger, OrderFulfilment fulfilment,
            TitleTransfers titleTransfers, SelfBilling billing, CustomerReturns returns,
            StoreReturns storeReturns, RetailerValuation valuation, Catalog catalog,
            CountSessions counts, VendorSnapshots snapshots, PartnerDocuments documents,
            ChannelOrders channelOrders) {
        return new ConsignmentCycle(ledger, fulfilment, titleTransfers, billing, returns,
                storeReturns, valuation, catalog, counts, snapshots, documents, channelOrders);
    }

    @Bean
    PartnerDocuments partnerDocuments(JdbcTemplate jdbc) {
        return new PartnerDocuments(jdbc);
    }

    @Bean
    ConsignmentSummary consignmentSummary(JdbcTemplate jdbc) {
        return new ConsignmentSummary(jdbc);
    }

    @Bean
    StockValuation stockValuation(JdbcTemplate jdbc, Agreements agreements) {
        return new StockValuation(jdbc, agreements);
    }

    @Bean
    InboundProgress inboundProgress(JdbcTemplate jdbc, IntakeMeter meter) {
        return new InboundProgress(jdbc, meter);
    }

    @Bean
    MissedMessages missedMessages(JdbcTemplate jdbc) {
        return new MissedMessages(jdbc);
    }

    @Bean
    ParkedBatches parkedBatches(DeadLetters deadLetters, InboundProgress progress) {
        return new ParkedBatches(deadLetters, progress);
    }

    @Bean
    EventProcessor eventProcessor(JdbcTemplate jdbc, TransactionTemplate transaction,
            ConsignmentCycle cycle, DeadLetters deadLetters, InboundProgress progress,
            MeterRegistry meters, HubClock clock,
            @Value("${hub.processing.awaiting-order.budget}") Duration waitingBudget) {
        return new EventProcessor(jdbc, transaction, cycle, deadLetters, progress, meters,
                clock, waitingBudget);
    }

    @Bean
    ChannelOrders channelOrders(JdbcTemplate jdbc) {
        return new ChannelOrders(jdbc);
    }
}
