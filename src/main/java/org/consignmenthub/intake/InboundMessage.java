package org.consignmenthub.intake;

import java.util.Map;

/**
 * A payload as a channel delivered it, with where it came from. {@code sourceRef} names it
 * for people: a file name, or a webhook or message id.
 */
public record InboundMessage(
        long id,
        String channel,
        String account,
        String messageType,
        String sourceRef,
        byte[] payload,
        Map<String, String> attributes) {
}
