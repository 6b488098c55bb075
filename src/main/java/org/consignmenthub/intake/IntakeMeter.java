package org.consignmenthub.intake;

import java.time.Duration;

/**
 * What intake tells the hub's metrics, per channel and account: payloads received, records
 * accepted and refused (by reason), entries put into the dead-letter store, replays and
 * how long a message took from being stored to being settled.
 */
public interface IntakeMeter {

    /** Counts nothing: for a hub, or a test, that keeps no metrics. */
    IntakeMeter NONE = new IntakeMeter() { };

    default void received(String channel, String account) {
    }

    default void accepted(String channel, String account, int records) {
    }

    default void rejected(String channel, String account, String reasonCode) {
    }

    default void deadLettered(String channel, String account, String reasonCode) {
    }

    default void replayed(String channel, String account) {
    }

    default void settled(String channel, String account, Duration lag) {
    }
}
