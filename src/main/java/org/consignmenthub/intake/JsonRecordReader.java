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
 * option {@code records} names where the list is: {@code $} for a list that is the whole
 * payload, or the name of the field that holds it. Each element is then a record of its
 * own, known as {@code <source>#<field>[<index>]}, mapped and refused on its own. A payload
 * without a list there is read as one record, for the mapping to judge.
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
        try {
            JsonNode tree = JSON.readTree(message.payload());
            if (tree == null || !tree.isContainerNode()) {
                return List.of(ReadRecord.unreadable(message.sourceRef(), raw, "body",
                        "a JSON object or array is expected"));
            }
            JsonNode list = listAt(tree, descriptor.option("records", null));
            if (list == null) {
                return List.of(ReadRecord.of(message.sourceRef(), raw, tree));
            }
            return elements(message.sourceRef(), descriptor.option("records", null), list);
        } catch (JsonProcessingException e) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), raw, "body",
                    "not valid JSON: " + e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), raw, "body",
                    "unreadable: " + e.getMessage()));
        }
    }

    private static JsonNode listAt(JsonNode tree, String records) {
        if (records == null) {
            return null;
        }
        JsonNode list = "$".equals(records) ? tree : tree.get(records);
        return list != null && list.isArray() ? list : null;
    }

    private static List<ReadRecord> elements(String sourceRef, String records, JsonNode list)
            throws JsonProcessingException {
        String field = "$".equals(records) ? "" : records;
        List<ReadRecord> read = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            read.add(ReadRecord.of(sourceRef + "#" + field + "[" + i + "]",
                    JSON.writeValueAsString(element), element));
        }
        return read;
    }
}
