package org.consignmenthub.intake;

import java.util.List;
import org.consignmenthub.canonical.CanonicalEvent;

/**
 * What a mapping made of one record of an inbound payload (a CSV row, a webhook body, an
 * EDI transaction set): canonical events, a deliberate skip, or a rejection with its reason.
 */
public sealed interface MappedRecord {

    /** Where the record sits in its payload, for example {@code 2010-12-01.csv:17}. */
    String recordRef();

    /** The record's raw text, kept for the dead-letter store. */
    String rawRecord();

    record Events(String recordRef, String rawRecord, List<CanonicalEvent> events)
            implements MappedRecord {
    }

    record Skipped(String recordRef, String rawRecord, String reasonCode)
            implements MappedRecord {
    }

    record Rejected(String recordRef, String rawRecord, String field, String reasonCode,
            String reason) implements MappedRecord {
    }
}
