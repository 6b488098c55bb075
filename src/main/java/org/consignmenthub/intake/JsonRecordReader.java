package org.consignmenthub.intake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a JSON payload (a webhook body, a REST request) as one record. A list that an API
 * returns (orders, refunds, stock levels) is read element by element when the mapping's
 * option {@code records} names where the list is: {@code $} (or {@code .}) for a list that
 * is the whole payload, or a dotted path to the field that holds it ({@code payload.Orders}).
 * Each element is then a record of its own, known by its position
 * ({@code <source>#payload.Orders[2]}), mapped and refused on its own: one bad order does not
 * hold back the rest. A payload without a list there is read as one record, for the mapping
 * to judge.
 *
 * <p>A body must be UTF-8 JSON nested at most {@value #MAX_DEPTH} levels deep (a webhook
 * needs a handful; a body of thousands of opened brackets is an attack on the stack). What
 * fails is refused in the hub's own words, naming where: the offset of a byte that is not
 * UTF-8, the line and column of broken JSON. The hub reads no XML: a body that is XML is
 * refused as such, and nothing in it (entities included) is parsed or resolved.
 */
public final class JsonRecordReader implements RecordReader {

    static final int MAX_DEPTH = 64;

    // A field given twice would be read as its last value without a word: refused instead.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    @Override
    public String format() {
        return "json";
    }

    @Override
    public List<ReadRecord> read(InboundMessage message, MappingDescriptor descriptor) {
        byte[] payload = message.payload();
        String raw = new String(payload, StandardCharsets.UTF_8);
        Optional<Utf8Text.BadByte> bad = Utf8Text.firstBadByte(payload);
        if (bad.isPresent()) {
            return refuse(message, raw, "the body cannot be read: " + bad.get().describe()
                    + "; JSON must be sent in UTF-8");
        }
        if (raw.strip().startsWith("<")) {
            return refuse(message, raw, "the body is XML (it starts with '<'); this channel"
                    + " takes JSON, and the hub reads no XML");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(payload);
        } catch (StreamConstraintsException e) {
            return refuse(message, raw, limitBroken(e));
        } catch (JsonProcessingException e) {
            String duplicate = duplicateField(e);
            if (duplicate != null) {
                return refuse(message, raw, "the field \"" + duplicate + "\" is given twice"
                        + where(e.getLocation()) + "; each field may appear once");
            }
            return refuse(message, raw, "not valid JSON" + where(e.getLocation())
                    + "; the body must be one JSON object or array");
        } catch (IOException e) {
            return refuse(message, raw, "the body could not be read");
        }
        if (tree == null || !tree.isContainerNode()) {
            return refuse(message, raw, "a JSON object or array is expected");
        }

        String listPath = descriptor.option("records", null);
        JsonNode list = listAt(tree, listPath);
        if (list == null) {
            return List.of(ReadRecord.of(message.sourceRef(), raw, tree));
        }
        return elements(message.sourceRef(), listPath, list);
    }

    /** The name of a field found twice in one object, when that is what broke the read. */
    private static String duplicateField(JsonProcessingException e) {
        String detail = String.valueOf(e.getOriginalMessage());
        int quote = detail.indexOf('\'');
        if (!detail.startsWith("Duplicate field") || quote < 0) {
            return null;
        }
        int end = detail.indexOf('\'', quote + 1);
        return end > quote ? detail.substring(quote + 1, end) : null;
    }

    private static List<ReadRecord> refuse(InboundMessage message, String raw, String reason) {
        return List.of(ReadRecord.unreadable(message.sourceRef(), raw, "body", reason));
    }

    /** Which of the reader's limits the body broke, in words a partner understands. */
    private static String limitBroken(StreamConstraintsException e) {
        String detail = String.valueOf(e.getOriginalMessage()).toLowerCase();
        if (detail.contains("nesting depth")) {
            return "the JSON is nested deeper than " + MAX_DEPTH + " levels" + where(
                    e.getLocation());
        }
        if (detail.contains("number")) {
            return "a number in the JSON has more digits than the hub reads"
                    + where(e.getLocation());
        }
        return "the JSON is larger than the hub reads in one value" + where(e.getLocation());
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static JsonNode listAt(JsonNode tree, String listPath) {
        if (listPath == null) {
            return null;
        }
        JsonNode list = tree;
        if (!isWholePayload(listPath)) {
            for (String step : listPath.split("\\.")) {
                list = list.path(step);
            }
        }
        return list.isArray() ? list : null;
    }

    private static List<ReadRecord> elements(String sourceRef, String listPath, JsonNode list) {
        String prefix = isWholePayload(listPath) ? "" : listPath;
        List<ReadRecord> records = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            records.add(ReadRecord.of(sourceRef + "#" + prefix + "[" + i + "]",
                    element.toString(), element));
        }
        return records;
    }

    private static boolean isWholePayload(String listPath) {
        return "$".equals(listPath) || ".".equals(listPath);
    }
}
