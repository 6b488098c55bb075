package org.consignmenthub.runtime;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.component.jms.JmsComponent;
import org.consignmenthub.intake.AcknowledgementOutbox;
import org.consignmenthub.intake.Intake;
import org.consignmenthub.intake.MappingEngine;
import org.consignmenthub.intake.SourceHealth;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hand-off between intake and the processors: a persistent Artemis queue. A batch
 * that fails transiently is redelivered with growing, jittered delays (about three quarters
 * of an hour of tries at the default count, not counting the pauses of the processing
 * circuit), then parked on the dead-letter address, from where a route records it in the
 * dead-letter store. Partner queues ({@code hub.intake.*}) never drop a message: one that
 * fails transiently goes back and is delivered again, with growing delays, until it is
 * stored.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    JmsComponent jms(ConnectionFactory connectionFactory) {
        JmsComponent jms = JmsComponent.jmsComponentTransacted(connectionFactory);
        jms.setCacheLevelName("CACHE_CONSUMER");
        return jms;
    }

    @Bean
    ArtemisConfigurationCustomizer redeliveryPolicy(
            @Value("${hub.queue.events}") String eventsQueue,
            @Value("${hub.queue.dead-letter}") String deadLetterQueue,
            @Value("${hub.queue.max-deliveries}") int maxDeliveries) {
        return configuration -> configuration
                .addAddressSetting(eventsQueue, new AddressSettings()
                        .setMaxDeliveryAttempts(maxDeliveries)
                        .setRedeliveryDelay(500)
                        .setRedeliveryMultiplier(2.0)
                        // Spread the retries of batches that failed together.
                        .setRedeliveryCollisionAvoidanceFactor(0.5)
                        .setMaxRedeliveryDelay(60_000)
                        .setDeadLetterAddress(SimpleString.of(deadLetterQueue))
                        .setAutoCreateDeadLetterResources(false))
                // A parked batch is kept until it is recorded, however long that takes.
                .addAddressSetting(deadLetterQueue, new AddressSettings()
                        .setMaxDeliveryAttempts(-1)
                        .setRedeliveryDelay(1_000)
                        .setRedeliveryMultiplier(2.0)
                        .setMaxRedeliveryDelay(60_000))
                .addAddressSetting("hub.intake.#", new AddressSettings()
                        .setMaxDeliveryAttempts(-1)
                        .setRedeliveryDelay(1_000)
                        .setRedeliveryMultiplier(2.0)
                        .setRedeliveryCollisionAvoidanceFactor(0.5)
                        .setMaxRedeliveryDelay(60_000));
    }

    @Bean
    IntakeGateway intakeGateway(Intake intake, MappingEngine mappings,
            AcknowledgementOutbox acknowledgements, SourceHealth sourceHealth) {
        return new IntakeGateway(intake, mappings, acknowledgements, sourceHealth);
    }
}
