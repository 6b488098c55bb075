package org.consignmenthub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.CannotCreateTransactionException;

/** How often a payload meeting a failure is tried again, channel by channel. */
class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier(new MockEnvironment()
            .withProperty("hub.intake.retry.max-redeliveries", "8")
            .withProperty("hub.intake.retry.per-channel.vendor-stock", "2"));

    @Test
    void aChannelWithItsOwnBoundStopsThereOthersAtTheDefault() {
        assertThat(classifier.retryAgain(failedFile("vendor-stock/V1/stock.csv", 1))).isTrue();
        assertThat(classifier.retryAgain(failedFile("vendor-stock/V1/stock.csv", 2))).isFalse();
        assertThat(classifier.retryAgain(failedFile("x12/V2/advice.x12", 7))).isTrue();
        assertThat(classifier.retryAgain(failedFile("x12/V2/advice.x12", 8))).isFalse();
    }

    @Test
    void aPermanentFailureIsNeverTriedAgain() {
        Exchange exchange = failedFile("vendor-stock/V1/stock.csv", 0);
        exchange.setException(new IllegalArgumentException("no such column"));

        assertThat(classifier.retryAgain(exchange)).isFalse();
    }

    private static Exchange failedFile(String name, int attempts) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(Exchange.FILE_NAME, name);
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, attempts);
        exchange.setException(new CannotCreateTransactionException("database unreachable"));
        return exchange;
    }
}
