package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.consignmenthub.canonical.CanonicalSchema;

/**
 * The mappings found under the mappings folder: one descriptor
 * {@code <channel>/<messageType>.yaml} per channel and message type.
 */
public final class MappingCatalog {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Files beside the mappings of a channel that are not mappings themselves. */
    private static final Set<String> NOT_MAPPINGS = Set.of(ValidationRules.FILE,
            CorpusAssignment.FILE);

    private final Path root;
    private final Map<String, MappingDescriptor> descriptors;
    private final Map<String, ValidationRules> rules;
    private final CanonicalSchema schema;

    private MappingCatalog(Path root, Map<String, MappingDescriptor> descriptors,
            Map<String, ValidationRules> rules, CanonicalSchema schema) {
        this.root = root;
        this.descriptors = descriptors;
        this.rules = rules;
        this.schema = schema;
    }

    public static MappingCatalog load(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("mappings folder not found: "
                    + root.toAbsolutePath() + " (set hub.mappings.dir)");
        }
        Map<String, MappingDescriptor> found = new LinkedHashMap<>();
        Map<String, ValidationRules> rules = new HashMap<>();
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getParent().equals(root)).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.equals(ValidationRules.FILE)) {
                    ValidationRules channelRules = ValidationRules.load(file);
                    rules.put(channelRules.channel(), channelRules);
                } else if (!NOT_MAPPINGS.contains(name)) {
                    MappingDescriptor d = readDescriptor(file);
                    found.put(key(d.channel(), d.messageType()), d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path schemaFile = root.resolve(CanonicalSchema.FILE);
        CanonicalSchema schema = Files.isRegularFile(schemaFile)
                ? CanonicalSchema.load(schemaFile) : null;
        return new MappingCatalog(root, found, Map.copyOf(rules), schema);
    }

    /** The mappings folder this catalog was read from. */
    public Path root() {
        return root;
    }

    /** The channel's validation rules ({@code rules.yaml}); none if it has no such file. */
    public ValidationRules rules(String channel) {
        ValidationRules channelRules = rules.get(channel);
        return channelRules != null ? channelRules : ValidationRules.none(channel);
    }

    /** The canonical schema every mapped event is checked against, if the folder has it. */
    public Optional<CanonicalSchema> schema() {
        return Optional.ofNullable(schema);
    }

    /** Every channel that has at least one mapping. */
    public Set<String> channels() {
        Set<String> channels = new TreeSet<>();
        descriptors.values().forEach(d -> channels.add(d.channel()));
        return channels;
    }

    public MappingDescriptor find(String channel, String messageType) {
        MappingDescriptor descriptor = descriptors.get(key(channel, messageType));
        if (descriptor == null) {
            throw new IllegalArgumentException("no mapping for channel " + channel
                    + " and message type " + messageType + "; known: " + descriptors.keySet());
        }
        return descriptor;
    }

    /**
     * The message type of a file delivered for a channel: the mapping whose option
     * {@code filePattern} (a regular expression) matches the file name, or the channel's
     * only mapping.
     */
    public String messageTypeForFile(String channel, String fileName) {
        List<MappingDescriptor> ofChannel = descriptors.values().stream()
                .filter(d -> d.channel().equals(channel))
                .toList();
        for (MappingDescriptor descriptor : ofChannel) {
            String pattern = descriptor.option("filePattern", null);
            if (pattern != null && fileName.matches(pattern)) {
                return descriptor.messageType();
            }
        }
        if (ofChannel.size() == 1) {
            return ofChannel.get(0).messageType();
        }
        throw new IllegalArgumentException("no mapping of channel " + channel
                + " takes a file named " + fileName);
    }

    private static MappingDescriptor readDescriptor(Path file) {
        try {
            JsonNode yaml = YAML.readTree(file.toFile());
            String channel = file.getParent().getFileName().toString();
            String name = file.getFileName().toString();
            String messageType = name.substring(0, name.length() - ".yaml".length());
            Map<String, String> options = new HashMap<>();
            yaml.path("options").fields()
                    .forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
            Map<String, Path> documents = new HashMap<>();
            yaml.path("documents").fields().forEachRemaining(e -> documents.put(e.getKey(),
                    file.resolveSibling(e.getValue().asText())));
            return new MappingDescriptor(channel, messageType,
                    required(yaml, "format", file),
                    file.resolveSibling(required(yaml, "expression", file)),
                    options, Map.copyOf(documents));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping " + file, e);
        }
    }

    private static String required(JsonNode yaml, String field, Path file) {
        if (!yaml.hasNonNull(field)) {
            throw new IllegalStateException("mapping " + file + " lacks '" + field + "'");
        }
        return yaml.get(field).asText();
    }

    private static String key(String channel, String messageType) {
        return channel + "/" + messageType;
    }
}
