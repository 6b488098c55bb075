package org.consignmenthub.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads a JSON payload (a webhook body, a REST request) as one record. */
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
            return List.of(ReadRecord.of(message.sourceRef(), raw, tree));
        } catch (JsonProcessingException e) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), raw, "body",
                    "not valid JSON: " + e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            return List.of(ReadRecord.unreadable(message.sourceRef(), raw, "body",
                    "unreadable: " + e.getMessage()));
        }
    }
}
