package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example payload beside a mapping ({@code mappings/<channel>/examples/<name>.csv},
 * {@code .json} or {@code .edi}) maps to exactly its {@code <name>.expected.json}, so the
 * examples stay true documentation of what each mapping does.
 *
 * <p>An example of a channel with several mappings is named after its message type (for
 * example {@code orders-create.json}); otherwise it belongs to the channel's only mapping.
 * {@code examples/examples.yaml} gives the channel account and the attributes the hub would
 * bind for it (legal entity, location, receipt time...); {@code accounts} names another
 * account for single examples. An expected file lists either the
 * events the example yields, or its records, each with its reference and its events, skip or
 * rejection; a file of rows uses the second form, so each row's outcome shows by line.
 * {@code -Dexamples.write=true} rewrites the expected files from what the mappings give, to
 * be reviewed value by value before they are committed.
 */
class MappingExamplesTest {

    private static final Path MAPPINGS = Path.of("mappings");
    private static final String EXPECTED = ".expected.json";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final MappingEngine engine = new MappingEngine(MappingCatalog.load(MAPPINGS),
            List.of(new CsvRecordReader(), new JsonRecordReader(), new EdifactRecordReader(),
                    new X12RecordReader(), new TradacomsRecordReader()));

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleMapsToItsExpectedOutput(Path example) throws IOException {
        Path expectedFile = example.resolveSibling(stem(example) + EXPECTED);
        assertThat(expectedFile).as("expected output of %s", example).exists();
        JsonNode expected = GoldenJson.read(expectedFile);

        List<MappedRecord> records = engine.map(message(example));

        JsonNode actual = isRecordList(expected) ? GoldenJson.records(records) : events(records);
        if (Boolean.getBoolean("examples.write")) {
            Files.writeString(expectedFile, GoldenJson.pretty(actual));
        }
        assertThat(GoldenJson.pretty(actual)).isEqualTo(GoldenJson.pretty(expected));
    }

    static Stream<Path> examples() throws IOException {
        PathMatcher example = FileSystems.getDefault()
                .getPathMatcher("glob:" + MAPPINGS + "/*/examples/*.{csv,json,edi}");
        try (Stream<Path> files = Files.walk(MAPPINGS, 3)) {
            List<Path> found = files
                    .filter(example::matches)
                    .filter(p -> !p.toString().endsWith(EXPECTED))
                    .sorted()
                    .toList();
            assertThat(found).as("examples under %s", MAPPINGS).isNotEmpty();
            return found.stream();
        }
    }

    private InboundMessage message(Path example) throws IOException {
        Path folder = example.getParent();
        String channel = folder.getParent().getFileName().toString();
        JsonNode setup = YAML.readTree(folder.resolve("examples.yaml").toFile());
        Map<String, String> attributes = new HashMap<>();
        setup.path("attributes").fields()
                .forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().asText()));
        String fileName = example.getFileName().toString();
        String messageType = Files.exists(folder.resolveSibling(stem(example) + ".yaml"))
                ? stem(example) : engine.catalog().messageTypeForFile(channel, fileName);
        // A channel whose partners each send their own documents names the sender per file.
        String account = setup.path("accounts").path(fileName)
                .asText(setup.path("account").asText());
        return new InboundMessage(1L, channel, account, messageType,
                fileName, Files.readAllBytes(example), attributes);
    }

    private static boolean isRecordList(JsonNode expected) {
        return expected.isArray() && !expected.isEmpty() && expected.get(0).has("recordRef");
    }

    /** All events of all records, in order; every record must have mapped to events. */
    private static JsonNode events(List<MappedRecord> records) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        for (MappedRecord record : records) {
            assertThat(record).as(record::toString).isInstanceOf(MappedRecord.Events.class);
            all.addAll((ArrayNode) GoldenJson.events(((MappedRecord.Events) record).events()));
        }
        return all;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.indexOf('.'));
    }
}
