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
import java.util.stream.Stream;

/**
 * The mappings found under the mappings folder: one descriptor
 * {@code <channel>/<messageType>.yaml} per channel and message type.
 */
public final class MappingCatalog {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, MappingDescriptor> descriptors;

    private MappingCatalog(Map<String, MappingDescriptor> descriptors) {
        this.descriptors = descriptors;
    }

    public static MappingCatalog load(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("mappings folder not found: "
                    + root.toAbsolutePath() + " (set hub.mappings.dir)");
        }
        Map<String, MappingDescriptor> found = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root, 2)) {
            files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getParent().equals(root))
                    .map(MappingCatalog::readDescriptor)
                    .forEach(d -> found.put(key(d.channel(), d.messageType()), d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MappingCatalog(found);
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
