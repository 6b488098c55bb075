package org.consignmenthub.intake;

import java.util.List;

/**
 * The payload formats the hub reads, one reader each. The running hub and the corpus report
 * both map with this one set, so a format added here is read by both.
 */
public final class RecordReaders {

    private RecordReaders() {
    }

    public static List<RecordReader> all() {
        return List.of(new CsvRecordReader(), new JsonRecordReader(), new EdifactRecordReader(),
                new TradacomsRecordReader(), new X12RecordReader());
    }
}
