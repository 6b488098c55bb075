package org.consignmenthub.runtime;

import org.apache.camel.Exchange;
import org.consignmenthub.processing.FailureClass;
import org.springframework.stereotype.Component;

/** Lets the routes tell a failure worth retrying from one that no retry can cure. */
@Component("failureClassifier")
public class FailureClassifier {

    public boolean isTransient(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        return failure != null && FailureClass.of(failure) == FailureClass.TRANSIENT;
    }
}
