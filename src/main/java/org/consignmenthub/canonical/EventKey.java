package org.consignmenthub.canonical;

import java.util.Objects;

/**
 * What makes a canonical event unique: the same key applied twice changes nothing the second
 * time, and two different events under one key are a conflict, not a duplicate.
 */
public record EventKey(
        String legalEntity,
        String channel,
        String account,
        String messageType,
        String externalId,
        int revision) {

    public EventKey {
        Objects.requireNonNull(legalEntity, "legalEntity");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(externalId, "externalId");
    }

    @Override
    public String toString() {
        return String.join("/", legalEntity, channel, account, messageType, externalId)
                + "#" + revision;
    }
}
