package org.consignmenthub.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The versioned JSON Schema of the canonical events
 * ({@code mappings/canonical/canonical-events.v1.schema.json}): what a mapping may emit,
 * written down for partners and tools outside the hub, and checked against every event a
 * mapping makes so the two cannot drift apart.
 */
public final class CanonicalSchema {

    /** Where the schema sits under the mappings folder. */
    public static final String FILE = "canonical/canonical-events.v1.schema.json";

    private final Schema schema;
    private final String name;

    private CanonicalSchema(Schema schema, String name) {
        this.schema = schema;
        this.name = name;
    }

    public static CanonicalSchema load(Path file) {
        try {
            JsonNode tree = new ObjectMapper().readTree(file.toFile());
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(tree);
            return new CanonicalSchema(schema, file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read canonical schema " + file, e);
        }
    }

    public String name() {
        return name;
    }

    /**
     * What is wrong with the event's JSON form, one line per problem, each starting with the
     * field it is about (as {@code lines[0].sku}, or {@code event} for the whole); empty
     * when valid.
     */
    public List<String> problems(JsonNode event) {
        List<Error> errors = schema.validate(event);
        return errors.stream().map(e -> field(e.getInstanceLocation().toString()) + ": "
                + e.getMessage()).toList();
    }

    private static String field(String pointer) {
        StringBuilder field = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                field.append('[').append(part).append(']');
            } else {
                field.append(field.length() == 0 ? "" : ".").append(part);
            }
        }
        return field.length() == 0 ? "event" : field.toString();
    }

    /** The JSON form of one event, exactly as it goes on the queue. */
    public static JsonNode tree(CanonicalEvent event) {
        ObjectMapper json = CanonicalJson.mapper();
        try {
            return json.readTree(json.writerFor(CanonicalEvent.class).writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
