package org.consignmenthub.ledger;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells whoever watches the books which positions changed, once the change is committed.
 * A transaction collects the positions it touches and announces them together after its
 * commit: a batch of five hundred events is one announcement, and a batch rolled back
 * announces nothing. A change made outside a transaction is announced at once.
 * A position touched and then undone by a rolled-back savepoint is still announced;
 * watchers read the position again, so they see it unchanged.
 */
public class PositionsCommitted {

    private static final Logger log = LoggerFactory.getLogger(PositionsCommitted.class);

    private final List<Consumer<Collection<StockKey>>> watchers = new CopyOnWriteArrayList<>();

    public void watch(Consumer<Collection<StockKey>> watcher) {
        watchers.add(watcher);
    }

    void touched(StockKey key) {
        if (watchers.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            announce(List.of(key));
            return;
        }

        Touched touched = (Touched) TransactionSynchronizationManager.getResource(this);
        if (touched == null) {
            touched = new Touched();
            TransactionSynchronizationManager.bindResource(this, touched);
            TransactionSynchronizationManager.registerSynchronization(touched);
        }
        touched.keys.add(key);
    }

    private void announce(Collection<StockKey> keys) {
        for (Consumer<Collection<StockKey>> watcher : watchers) {
            try {
                watcher.accept(keys);
            } catch (RuntimeException e) {
                // The postings are committed whatever a watcher does with the news.
                log.error("Position watcher failed positions={}", keys.size(), e);
            }
        }
    }

    /** The positions one transaction touched, announced when it commits. */
    private final class Touched implements TransactionSynchronization {

        private final Set<StockKey> keys = new LinkedHashSet<>();

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(PositionsCommitted.this);
            if (status == STATUS_COMMITTED) {
                announce(keys);
            }
        }
    }
}
