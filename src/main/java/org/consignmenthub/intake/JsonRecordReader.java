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
 * Reads a JSON payload (a webhook body, a REST request) as one record, or, when the mapping
 * names a list with the option {@code records} (a dotted path such as
 * {@code payload.Orders}, or {@code .} for a top-level array), each element of that list
 * as a record of its own, known by its position ({@code <source>#payload.Orders[2]}). A
 * page of orders is then applied order by order: one bad order does not hold back the rest.
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
        if (listPath == null) {
            return List.of(ReadRecord.of(message.sourceRef(), raw, tree));
        }
        return elements(message.sourceRef(), raw, tree, listPath);
    }

    private static List<ReadRecord> elements(String sourceRef, String raw, JsonNode tree,
            String listPath) {
        JsonNode list = tree;
        if (!listPath.equals(".")) {
            for (String step : listPath.split("\\.")) {
                list = list.path(step);
            }
        }
        if (!list.isArray()) {
            return List.of(ReadRecord.unreadable(sourceRef, raw, listPath,
                    "a list is expected at " + listPath + ", found "
                            + (list.isMissingNode() ? "nothing" : list.getNodeType())));
        }

        String prefix = listPath.equals(".") ? "" : listPath;
        List<ReadRecord> records = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            records.add(ReadRecord.of(sourceRef + "#" + prefix + "[" + i + "]",
                    element.toString(), element));
        }
        return records;
    }
}
