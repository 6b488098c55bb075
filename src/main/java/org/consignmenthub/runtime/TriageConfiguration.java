package org.consignmenthub.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.consignmenthub.agreement.Agreements;
import org.consignmenthub.catalog.Catalog;
import org.consignmenthub.intake.Intake;
import org.consignmenthub.intake.IntakeMeter;
import org.consignmenthub.intake.SourceHealth;
import org.consignmenthub.triage.DeadLetterTriage;
import org.consignmenthub.triage.ImpactAppraiser;
import org.consignmenthub.triage.VendorFeeds;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires what support staff watch and act on: dead-letter triage and its replays, the
 * impact figures, intake metrics, and the health of sources and vendor feeds.
 */
@Configuration(proxyBeanMethods = false)
class TriageConfiguration {

    @Bean
    IntakeMeter intakeMeter(MeterRegistry registry) {
        return new MicrometerIntakeMeter(registry);
    }

    @Bean
    ImpactAppraiser impactAppraiser(Catalog catalog, Agreements agreements) {
        return new ImpactAppraiser(catalog, agreements);
    }

    @Bean
    SourceHealth sourceHealth(JdbcTemplate jdbc, HubClock clock) {
        return new SourceHealth(jdbc, clock);
    }

    @Bean
    VendorFeeds vendorFeeds(JdbcTemplate jdbc, HubClock clock) {
        return new VendorFeeds(jdbc, clock);
    }

    @Bean
    DeadLetterTriage deadLetterTriage(JdbcTemplate jdbc, Intake intake, IntakeGateway gateway,
            CamelContext camel, ProducerTemplate producer, IntakeMeter meter) {
        return new DeadLetterTriage(jdbc,
                new TriageRedelivery(intake, gateway, camel, producer), meter,
                intake.maxPayloadBytes());
    }

    @Bean
    SourcesHealth sourcesHealthContributor(SourceHealth sourceHealth) {
        return new SourcesHealth(sourceHealth);
    }

    @Bean
    VendorFeedsHealth vendorFeedsHealthContributor(VendorFeeds feeds) {
        return new VendorFeedsHealth(feeds);
    }

    @Bean
    QueueDepth queueDepth(MeterRegistry registry, JdbcTemplate jdbc,
            ObjectProvider<EmbeddedActiveMQ> broker,
            @Value("${hub.queue.events}") String eventsQueue,
            @Value("${hub.queue.dead-letter}") String deadLetterQueue) {
        return new QueueDepth(registry, jdbc, broker, eventsQueue, deadLetterQueue);
    }
}
