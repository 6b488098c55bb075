package org.consignmenthub.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON payload (a webhook body, a REST request) as one record. A list that an API
 * returns (orders, refunds, stock levels) is read element by element when the mapping's
 * option {@code records} names where the list is: {@code $} (or {@code .}) for a list that
 * is the whole payload, or a dotted path to the field that holds it ({@code payload.Orders}).
 * Each element is then a record of its own, known by its position
 * ({@code <source>#payload.Orders[2]}), mapped and refused on its own: one bad order does not
 * hold back the rest. A payload without a list there is read as one record, for the mapping
 * to judge.
 */
public final class JsonRecordReader implements RecordReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    @Override
    public String format() {
        return "json";
    }

    @Override
    public List<ReadRecord> read(InboundMessage message, MappingDescriptor descriptor) {
        String raw = new String(message.payload(), StandardCharsets.UTF_8);
        JsonNode tree;
        try {
            tree = JSON.readTree(message.payload());
        } catch (JsonProcessingException e) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), raw, "body",
                    "not valid JSON: " + e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), raw, "body",
                    "unreadable: " + e.getMessage()));
        }
        if (tree == null || !tree.isContainerNode()) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), raw, "body",
                    "a JSON object or array is expected"));
        }

        String listPath = descriptor.option("records", null);
        JsonNode list = listAt(tree, listPath);
        if (list == null) {
            return List.of(ReadRecord.of(message.sourceRef(), raw, tree));
        }
        return elements(message.sourceRef(), listPath, list);
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
