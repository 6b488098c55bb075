package org.consignmenthub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole hub started on a mappings folder of its own that holds one channel and nothing
 * else: {@code wholesale-portal}, written as files only (two mappings, their JSONata, its
 * validation rules and corpus claims; see {@code fixtures/new-channel}), beside the
 * canonical schema. Its accounts are added to the field-case catalog by a catalog file.
 * The test classes extending this share one application context.
 */
public abstract class WholesalePortalHubTest extends HubIntegrationTest {

    protected static final String CHANNEL = "wholesale-portal";

    private static Path mappings;

    @DynamicPropertySource
    static void mappingsOfOneNewChannel(DynamicPropertyRegistry registry) {
        registry.add("hub.mappings.dir", () -> mappings().toAbsolutePath().toString());
    }

    @BeforeEach
    void portalAccountsInTheCatalog() {
        books.loadCatalog("fixtures/new-channel/wholesale-portal-catalog.yaml");
    }

    private static synchronized Path mappings() {
        if (mappings == null) {
            try {
                Path root = Files.createDirectories(
                        Path.of("target/test-mappings/" + UUID.randomUUID()));
                copyFolder(Path.of("src/test/resources/fixtures/new-channel", CHANNEL),
                        root.resolve(CHANNEL));
                copyFolder(Path.of("mappings/canonical"), root.resolve("canonical"));
                mappings = root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mappings;
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
