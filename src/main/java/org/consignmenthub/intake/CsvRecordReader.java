package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a CSV file with a header row into one record per data row, keyed by the header
 * names. Quoted fields, CRLF or LF line ends and a UTF-8 byte-order mark are accepted; the
 * record reference is the file name and the physical line number. Files are UTF-8: a row
 * holding a byte that is not is refused naming the byte's offset (a header row so, the whole
 * file), and the rows around it are read.
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
        Utf8Text text = Utf8Text.decode(message.payload());
        if (!text.text().isEmpty() && text.text().charAt(0) == BOM) {
            text = text.withoutFirstCharacter();
        }

        if (text.text().strip().startsWith("<")) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), text.text(), "file",
                    "the file is XML (it starts with '<'); this channel takes CSV, and the"
                            + " hub reads no XML"));
        }
        List<Row> rows = parse(text.text());
        if (rows.isEmpty()) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), "", "header",
                    "the file is empty; a header row is expected"));
        }
        Row headerRow = rows.get(0);
        Optional<Utf8Text.BadByte> badInHeader = text.within(headerRow.start(), headerRow.end());
        if (badInHeader.isPresent()) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), headerRow.raw(), "header",
                    "the header row (line 1) cannot be read: " + badInHeader.get().describe()
                            + "; the file must be written in UTF-8"));
        }

        List<String> header = headerRow.fields().stream().map(String::trim).toList();
        List<ReadRecord> records = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            Optional<Utf8Text.BadByte> bad = text.within(row.start(), row.end());
            records.add(bad.isPresent() ? notUtf8(message.sourceRef(), header, row, bad.get())
                    : toRecord(message.sourceRef(), header, row));
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

    /** A row holding a byte that is not UTF-8, refused naming its column where it can. */
    private static ReadRecord notUtf8(String source, List<String> header, Row row,
            Utf8Text.BadByte bad) {
        String field = "line";
        for (int i = 0; i < row.fields().size() && i < header.size(); i++) {
            if (row.fields().get(i).indexOf('\uFFFD') >= 0) {
                field = header.get(i);
                break;
            }
        }
        return ReadRecord.unreadable(source + ":" + row.line(), row.raw(), field,
                "line " + row.line() + " cannot be read: " + bad.describe()
                        + "; the file must be written in UTF-8");
    }

    /**
     * A physical row: its fields, its first line number, its raw text and where that text
     * starts and ends in the file's text. A row whose quote never closes swallowed the rest
     * of the file; it is marked so it is refused.
     */
    record Row(int line, List<String> fields, String raw, boolean quoteOpen, int start,
            int end) {
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
                addRow(rows, rowLine, fields, text, rowStart, end);
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
            rows.add(new Row(rowLine, fields, text.substring(rowStart), true, rowStart,
                    text.length()));
        } else if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            addRow(rows, rowLine, fields, text, rowStart, text.length());
        }
        return rows;
    }

    private static void addRow(List<Row> rows, int line, List<String> fields, String text,
            int start, int end) {
        boolean blank = fields.size() == 1 && fields.get(0).isBlank();
        if (!blank) {
            rows.add(new Row(line, fields, text.substring(start, end), false, start, end));
        }
    }
}
