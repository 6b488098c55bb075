package org.consignmenthub.runtime;

import org.consignmenthub.billing.SelfBilling;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes settlement months once the hub's clock has passed their end; a timer route calls
 * it. Closing is safe to repeat, so several hub instances may all call it.
 */
@Component
public class SettlementScheduler {

    private final SelfBilling billing;
    private final TransactionTemplate transaction;

    SettlementScheduler(SelfBilling billing, TransactionTemplate transaction) {
        this.billing = billing;
        this.transaction = transaction;
    }

    public int closeEndedPeriods() {
        Integer closed = transaction.execute(status -> billing.closeEndedPeriods());
        return closed == null ? 0 : closed;
    }

    public int closeAllOpenPeriods() {
        Integer closed = transaction.execute(status -> billing.closeAllOpenPeriods());
        return closed == null ? 0 : closed;
    }
}
