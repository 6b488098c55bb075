package org.consignmenthub.intake;

import java.time.Duration;

/**
 * What intake tells the hub's metrics, per channel and account: payloads received, records
 * accepted and refused (by reason), entries put into the dead-letter store, replays and
 * how long a message took from being stored to being settled.
 */
public interface IntakeMeter {

    void received(String channel, String account);

    void accepted(String channel, String account, int records);

    /** Every refusal, each attempt of the same record included. */
    void rejected(String channel, String account, String reasonCode);

    /** A new entry in the dead-letter store. */
    void deadLettered(String channel, String account, String reasonCode);

    void replayed(String channel, String account);

    void settled(String channel, String account, Duration lag);
}
