package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.consignmenthub.canonical.CanonicalEvent;
import org.consignmenthub.canonical.CanonicalJson;
import org.consignmenthub.testing.Corpus;

/**
 * The JSON that golden and expected files hold: canonical events, or mapped records each
 * with its reference and its events, skip or rejection. Both sides of a comparison are
 * printed the same way, so a difference shows as a readable text diff and a decimal's scale
 * counts (an expected 24.90 does not pass for 24.9).
 *
 * <p>Golden files are rewritten from what the code gives only when the build is run with
 * {@code -Dgolden.write=true}; the diff of a rewrite is then read before it is committed.
 */
final class GoldenJson {

    private static final ObjectMapper JSON = CanonicalJson.mapper().copy()
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final TypeReference<List<CanonicalEvent>> EVENTS = new TypeReference<>() {
    };

    private GoldenJson() {
    }

    /**
     * Asserts that the records mapped from one corpus file are its golden records, printed
     * alike so a failure shows the difference; {@code name} is the corpus file's name.
     */
    static void assertGolden(Path golden, String name, List<MappedRecord> records)
            throws IOException {
        JsonNode actual = records(records);

        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, pretty(actual));
        }
        assertThat(golden).as("golden of %s", name).exists();
        assertThat(pretty(actual)).isEqualTo(pretty(read(golden)));
    }

    /** The names of the files in one folder of the corpus, sorted. */
    static List<String> corpusFiles(String folder) throws IOException {
        try (Stream<Path> files = Files.list(Corpus.dir().resolve(folder))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String pretty(JsonNode tree) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode events(List<CanonicalEvent> events) {
        try {
            // Written as a typed list: an erased List would lose each event's "type".
            return JSON.readTree(JSON.writerFor(EVENTS).writeValueAsString(events));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ArrayNode records(List<MappedRecord> records) {
        ArrayNode out = JSON.createArrayNode();
        for (MappedRecord record : records) {
            ObjectNode node = out.addObject();
            node.put("recordRef", record.recordRef());
            if (record instanceof MappedRecord.Events e) {
                node.set("events", events(e.events()));
            } else if (record instanceof MappedRecord.Rejected r) {
                ObjectNode rejected = node.putObject("rejected");
                rejected.put("field", r.field());
                rejected.put("reasonCode", r.reasonCode());
                rejected.put("reason", r.reason());
            } else if (record instanceof MappedRecord.Skipped s) {
                node.put("skipped", s.reasonCode());
            }
        }
        return out;
    }
}
