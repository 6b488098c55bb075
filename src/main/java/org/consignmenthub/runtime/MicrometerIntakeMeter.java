package org.consignmenthub.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.consignmenthub.intake.IntakeMeter;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Intake's figures as Micrometer meters, tagged by channel and account (and reason where
 * there is one). Accounts come from partners' paths, so only the first
 * {@value #MAX_ACCOUNTS} channel accounts seen get their own series; later ones count
 * under account {@code other}, which keeps a flood of made-up accounts from growing the
 * registry without bound.
 */
class MicrometerIntakeMeter implements IntakeMeter {

    static final int MAX_ACCOUNTS = 500;

    private final MeterRegistry registry;
    private final Set<String> accounts = ConcurrentHashMap.newKeySet();

    MicrometerIntakeMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void received(String channel, String account) {
        counter("hub.intake.received", channel, account).increment();
    }

    @Override
    public void accepted(String channel, String account, int records) {
        afterCommit(() -> counter("hub.intake.accepted", channel, account).increment(records));
    }

    @Override
    public void rejected(String channel, String account, String reasonCode) {
        afterCommit(() -> counter("hub.intake.rejected", channel, account, "reason", reasonCode)
                .increment());
    }

    @Override
    public void deadLettered(String channel, String account, String reasonCode) {
        afterCommit(() -> counter("hub.dead.letters", channel, account, "reason", reasonCode)
                .increment());
    }

    @Override
    public void replayed(String channel, String account) {
        afterCommit(() -> counter("hub.dead.letters.replayed", channel, account).increment());
    }

    @Override
    public void settled(String channel, String account, Duration lag) {
        Timer.builder("hub.processing.lag")
                .description("from a payload being stored to each of its batches settling")
                .tags("channel", known(channel), "account", bounded(channel, account))
                .register(registry).record(lag);
    }

    /**
     * Counts once the transaction that wrote the records commits: a batch that rolls back
     * (a deadlock, then a redelivery) would otherwise count its refusals twice.
     */
    private static void afterCommit(Runnable count) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            count.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        count.run();
                    }
                });
    }

    private Counter counter(String name, String channel, String account, String... tags) {
        return Counter.builder(name)
                .tags("channel", known(channel), "account", bounded(channel, account))
                .tags(tags)
                .register(registry);
    }

    private static String known(String value) {
        return value == null ? "none" : value;
    }

    private String bounded(String channel, String account) {
        if (account == null) {
            return "none";
        }
        String key = channel + "/" + account;
        if (accounts.contains(key) || (accounts.size() < MAX_ACCOUNTS && accounts.add(key))) {
            return account;
        }
        return "other";
    }
}
