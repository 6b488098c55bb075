package org.consignmenthub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/** Refusals count when the batch that wrote them commits, not when it rolls back. */
class MicrometerIntakeMeterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerIntakeMeter meter = new MicrometerIntakeMeter(registry);

    @AfterEach
    void endTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void aRolledBackBatchCountsNothingAndItsRedeliveryCountsOnce() {
        TransactionSynchronizationManager.initSynchronization();
        meter.rejected("vendor-stock", "V1", "KEY_CONFLICT");
        meter.deadLettered("vendor-stock", "V1", "KEY_CONFLICT");
        TransactionSynchronizationUtils.invokeAfterCompletion(
                TransactionSynchronizationManager.getSynchronizations(),
                TransactionSynchronization.STATUS_ROLLED_BACK);
        TransactionSynchronizationManager.clearSynchronization();

        assertThat(count("hub.intake.rejected")).isZero();
        assertThat(count("hub.dead.letters")).isZero();

        TransactionSynchronizationManager.initSynchronization();
        meter.rejected("vendor-stock", "V1", "KEY_CONFLICT");
        meter.deadLettered("vendor-stock", "V1", "KEY_CONFLICT");
        TransactionSynchronizationUtils.triggerAfterCommit();
        TransactionSynchronizationManager.clearSynchronization();

        assertThat(count("hub.intake.rejected")).isEqualTo(1.0);
        assertThat(count("hub.dead.letters")).isEqualTo(1.0);
    }

    @Test
    void outsideATransactionItCountsAtOnce() {
        meter.rejected("online-retail", "default", "NO_MATCHING_SALE");

        assertThat(count("hub.intake.rejected")).isEqualTo(1.0);
    }

    private double count(String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
