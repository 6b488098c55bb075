package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Turns the raw bytes of one payload format into records, each a JSON tree that a mapping
 * can read. A reader knows the format (CSV, JSON, EDIFACT) and nothing of the channel.
 */
public interface RecordReader {

    /** The format name used in mapping descriptors, such as {@code csv}. */
    String format();

    List<ReadRecord> read(InboundMessage message, MappingDescriptor descriptor);

    /**
     * One record: its position, its raw text, and its tree, or the reason it could not be
     * read (then {@code tree} is null).
     */
    record ReadRecord(String recordRef, String rawRecord, JsonNode tree, String field,
            String unreadableReason) {

        public static ReadRecord of(String recordRef, String rawRecord, JsonNode tree) {
            return new ReadRecord(recordRef, rawRecord, tree, null, null);
        }

        public static ReadRecord unreadable(String recordRef, String rawRecord, String field,
                String reason) {
            return new ReadRecord(recordRef, rawRecord, null, field, reason);
        }

        public boolean readable() {
            return tree != null;
        }
    }
}
