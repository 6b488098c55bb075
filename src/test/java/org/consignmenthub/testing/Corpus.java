package org.consignmenthub.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared corpus of real partner payloads, read in place. Its folder comes from the
 * system property {@code corpus.dir} (the build sets it to {@code ../shared/corpus}) or the
 * environment variable {@code CORPUS_DIR}. A missing corpus fails the test with a plain
 * message rather than passing silently.
 */
public final class Corpus {

    private Corpus() {
    }

    public static Path dir() {
        String configured = System.getProperty("corpus.dir", System.getenv("CORPUS_DIR"));
        Path dir = Path.of(configured == null ? "../shared/corpus" : configured);
        if (!Files.isDirectory(dir)) {
            fail("The corpus of real payloads is not at " + dir.toAbsolutePath()
                    + ". Put the shared corpus beside the checkout or pass -Dcorpus.dir=...");
        }
        return dir;
    }

    public static Path file(String relative) {
        Path file = dir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            fail("Corpus file missing: " + file.toAbsolutePath());
        }
        return file;
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
