package org.consignmenthub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which channel reads which file of a corpus of sample payloads, as data: each channel
 * that takes corpus files says so in {@code mappings/<channel>/corpus.yaml}, with globs
 * relative to the corpus folder. A new channel plugs in by adding that file; nothing else
 * names channels. The account and the attributes the hub would bind for it come from the
 * file, or else from the channel's {@code examples/examples.yaml}.
 */
public final class CorpusAssignment {

    /** The file name of a channel's corpus claims beside its mappings. */
    public static final String FILE = "corpus.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One claim: files matching {@code glob} are read by the channel, as that account. */
    public record Claim(String channel, String glob, PathMatcher matcher, String messageType,
            String account, Map<String, String> attributes) {

        public boolean takes(Path relative) {
            return matcher.matches(relative);
        }
    }

    private final List<Claim> claims;

    private CorpusAssignment(List<Claim> claims) {
        this.claims = claims;
    }

    /** Every claim of every channel under the mappings folder, channels in name order. */
    public static CorpusAssignment load(MappingCatalog mappings) {
        List<Claim> claims = new ArrayList<>();
        for (String channel : mappings.channels()) {
            Path file = mappings.root().resolve(channel).resolve(FILE);
            if (Files.isRegularFile(file)) {
                claims.addAll(read(channel, file));
            }
        }
        return new CorpusAssignment(List.copyOf(claims));
    }

    /** The first claim that takes the file (a path relative to the corpus folder). */
    public Optional<Claim> claimOf(Path relative) {
        return claims.stream().filter(c -> c.takes(relative)).findFirst();
    }

    public List<Claim> claims() {
        return claims;
    }

    private static List<Claim> read(String channel, Path file) {
        JsonNode yaml = tree(file);
        JsonNode examples = examplesSetup(file.resolveSibling("examples/examples.yaml"));
        String account = yaml.path("account").asText(examples.path("account").asText(null));
        Map<String, String> attributes = new LinkedHashMap<>();
        examples.path("attributes").fields()
                .forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().asText()));
        yaml.path("attributes").fields()
                .forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().asText()));

        List<Claim> claims = new ArrayList<>();
        for (JsonNode entry : yaml.path("files")) {
            String glob = entry.isTextual() ? entry.asText() : entry.path("match").asText(null);
            if (glob == null || glob.isBlank()) {
                throw new IllegalStateException("corpus claims " + file + ": an entry of"
                        + " files has no match (a glob relative to the corpus folder)");
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            String claimAccount = entry.path("account").asText(account);
            if (claimAccount == null) {
                throw new IllegalStateException("corpus claims " + file + ": no account for "
                        + glob + " (give account, or one in examples/examples.yaml)");
            }
            claims.add(new Claim(channel, glob, matcher, entry.path("messageType").asText(null),
                    claimAccount, Map.copyOf(attributes)));
        }
        return claims;
    }

    private static JsonNode examplesSetup(Path file) {
        return Files.isRegularFile(file) ? tree(file) : YAML.createObjectNode();
    }

    private static JsonNode tree(Path file) {
        try {
            JsonNode tree = YAML.readTree(file.toFile());
            return tree == null ? YAML.createObjectNode() : tree;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
