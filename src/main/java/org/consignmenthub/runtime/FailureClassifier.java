package org.consignmenthub.runtime;

import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.consignmenthub.processing.FailureClass;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Lets the routes tell a failure worth retrying from one that no retry can cure, and how
 * often a channel's payloads are tried again: {@code hub.intake.retry.max-redeliveries},
 * unless {@code hub.intake.retry.per-channel.<channel>} says otherwise.
 */
@Component("failureClassifier")
public class FailureClassifier {

    private final Environment environment;

    FailureClassifier(Environment environment) {
        this.environment = environment;
    }

    public boolean isTransient(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        return failure != null && FailureClass.of(failure) == FailureClass.TRANSIENT;
    }

    /** Whether a transient failure is tried once more, within its channel's bound. */
    public boolean retryAgain(Exchange exchange) {
        int attempts = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0,
                Integer.class);
        return isTransient(exchange) && attempts < maxRedeliveries(channel(exchange));
    }

    int maxRedeliveries(String channel) {
        int standard = environment.getProperty("hub.intake.retry.max-redeliveries",
                Integer.class, 8);
        if (channel == null) {
            return standard;
        }
        return environment.getProperty("hub.intake.retry.per-channel." + channel,
                Integer.class, standard);
    }

    /** The channel a payload belongs to: its route's header, its folder, or its topic. */
    private static String channel(Exchange exchange) {
        var in = exchange.getIn();
        String channel = in.getHeader(IntakeGateway.CHANNEL, String.class);
        if (channel != null) {
            return channel;
        }
        String file = in.getHeader(Exchange.FILE_NAME, String.class);
        if (file != null && Path.of(file).getNameCount() > 1) {
            return Path.of(file).getName(0).toString();
        }
        return in.getHeader(KafkaConstants.TOPIC, String.class);
    }
}
