package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a CSV file with a header row into one record per data row, keyed by the header
 * names. Quoted fields, CRLF or LF line ends and a UTF-8 byte-order mark are accepted; the
 * record reference is the file name and the physical line number.
 *
 * <p>Option {@code recordOrder} names a column whose text orders the records (stable, so
 * ties keep file order); sales reports use it to apply rows in business-time order.
 */
public final class CsvRecordReader implements RecordReader {

    private static final char BOM = '\uFEFF';

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public List<ReadRecord> read(InboundMessage message, MappingDescriptor descriptor) {
        String text = decode(message.payload());
        if (!text.isEmpty() && text.charAt(0) == BOM) {
            text = text.substring(1);
        }

        List<Row> rows = parse(text);
        if (rows.isEmpty()) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), "", "header",
                    "the file is empty; a header row is expected"));
        }

        List<String> header = rows.get(0).fields().stream().map(String::trim).toList();
        List<ReadRecord> records = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            records.add(toRecord(message.sourceRef(), header, row));
        }

        String order = descriptor.option("recordOrder", null);
        if (order != null) {
            records.sort(Comparator.comparing(r -> sortKey(r, order)));
        }
        return records;
    }

    private static String sortKey(ReadRecord record, String column) {
        if (!record.readable() || !record.tree().hasNonNull(column)) {
            return "";
        }
        return record.tree().get(column).asText();
    }

    private static ReadRecord toRecord(String source, List<String> header, Row row) {
        String ref = source + ":" + row.line();
        if (row.quoteOpen()) {
            return ReadRecord.unreadable(ref, row.raw(), "column " + row.fields().size(),
                    "a quote opened on line " + row.line() + " never closes; the rest of the"
                            + " file was read into it");
        }
        if (row.fields().size() != header.size()) {
            return ReadRecord.unreadable(ref, row.raw(), "line", "expected " + header.size()
                    + " columns as in the header, found " + row.fields().size());
        }
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < header.size(); i++) {
            tree.put(header.get(i), row.fields().get(i));
        }
        return ReadRecord.of(ref, row.raw(), tree);
    }

    private static String decode(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            // Older partner systems still write Latin-1; every byte decodes there.
            return new String(payload, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A physical row: its fields, its first line number and its raw text. A row whose quote
     * never closes swallowed the rest of the file; it is marked so it is refused.
     */
    record Row(int line, List<String> fields, String raw, boolean quoteOpen) {

        Row(int line, List<String> fields, String raw) {
            this(line, fields, raw, false);
        }
    }

    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int rowLine = 1;
        int rowStart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == '\n') {
                int end = i;
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                addRow(rows, rowLine, fields, text.substring(rowStart, end));
                fields = new ArrayList<>();
                line++;
                rowLine = line;
                rowStart = i + 1;
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            fields.add(field.toString());
            rows.add(new Row(rowLine, fields, text.substring(rowStart), true));
        } else if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            addRow(rows, rowLine, fields, text.substring(rowStart));
        }
        return rows;
    }

    private static void addRow(List<Row> rows, int line, List<String> fields, String raw) {
        boolean blank = fields.size() == 1 && fields.get(0).isBlank();
        if (!blank) {
            rows.add(new Row(line, fields, raw));
        }
    }
}
