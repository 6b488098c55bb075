package org.consignmenthub.runtime;

import java.util.List;
import org.consignmenthub.billing.SelfBilling;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes settlement months once the hub's clock has passed their end; a timer route calls
 * it. Closing is safe to repeat, so several hub instances may all call it.
 *
 * <p>Each month closes in a transaction of its own: a close holds one month's row at a
 * time, so it never waits for a line of one month while holding another month that the
 * line's transaction wants next, and a month that fails to close undoes no earlier one.
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
        return closeEach(billing.endedPeriods());
    }

    public int closeAllOpenPeriods() {
        return closeEach(billing.openPeriods());
    }

    private int closeEach(List<SelfBilling.Period> periods) {
        int closed = 0;
        for (SelfBilling.Period period : periods) {
            if (Boolean.TRUE.equals(transaction.execute(status -> billing.close(period)))) {
                closed++;
            }
        }
        return closed;
    }
}
