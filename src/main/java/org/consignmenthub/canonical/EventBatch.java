package org.consignmenthub.canonical;

import java.util.List;

/**
 * Canonical events on their way from intake to the processors: records of one inbound
 * message, each applied whole or not at all. A message is cut into batches by group:
 * records about the same location and SKU always share a group, and batches of one group
 * are applied one after another, in the order received.
 */
public record EventBatch(
        long inboundMessageId,
        String channel,
        String account,
        String sourceRef,
        String group,
        List<Record> records) {

    /** The events one inbound record produced, with its raw text for the dead-letter store. */
    public record Record(String recordRef, String rawRecord, List<CanonicalEvent> events) {
    }
}
