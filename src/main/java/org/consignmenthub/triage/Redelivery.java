package org.consignmenthub.triage;

import java.time.Instant;
import java.util.Map;

/**
 * Sends a payload in again the way its first delivery came: through intake and the
 * hand-off to the processors, so that the event keys decide what is new.
 */
@FunctionalInterface
public interface Redelivery {

    /** The route named on payloads that were sent in again from the inbound store. */
    String REPLAY_ROUTE = "triage-replay";

    /** The first delivery of a message, as the inbound store kept it. */
    record Original(long inboundMessageId, String channel, String account, String messageType,
            String sourceRef, Map<String, String> headers, Instant receivedAt) {
    }

    /** Returns the id of the inbound message the payload was stored as this time. */
    long redeliver(Original original, byte[] payload);
}
