package org.consignmenthub.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.consignmenthub.intake.Intake;
import org.consignmenthub.triage.Redelivery;

/**
 * Sends a payload that support staff replay through intake as the channel sent it first
 * (same channel, account, message type, source and headers, and the first delivery's time
 * of receipt), then onto the same hand-off route to the processors.
 */
class TriageRedelivery implements Redelivery {

    /** The source named for replayed payloads, so they do not count for a partner's route. */
    static final String ROUTE = Redelivery.REPLAY_ROUTE;

    private final Intake intake;
    private final IntakeGateway gateway;
    private final CamelContext camel;
    private final ProducerTemplate producer;

    TriageRedelivery(Intake intake, IntakeGateway gateway, CamelContext camel,
            ProducerTemplate producer) {
        this.intake = intake;
        this.gateway = gateway;
        this.camel = camel;
        this.producer = producer;
    }

    @Override
    public long redeliver(Original original, byte[] payload) {
        Intake.Receipt receipt = intake.receive(original.channel(), original.account(),
                original.messageType(), original.sourceRef(), payload,
                IntakeGateway.attributes(original.headers()),
                new Intake.Delivery(ROUTE, original.headers(), original.receivedAt()));
        try {
            producer.sendBody("direct:hand-off", gateway.batchMessages(camel, receipt));
        } catch (JsonProcessingException unwritable) {
            throw new IllegalStateException("batches of inbound message "
                    + receipt.inboundMessageId() + " could not be written", unwritable);
        }
        return receipt.inboundMessageId();
    }
}
