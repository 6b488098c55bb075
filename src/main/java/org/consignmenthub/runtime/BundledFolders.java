package org.consignmenthub.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Lets the jar run away from a checkout. The routes and mappings are read from folders so
 * that an operator can change them; where those folders are missing (a jar copied to a
 * server, started from another directory), the copy packed into the jar is unpacked under
 * the data folder and used instead, and the log says so.
 */
public class BundledFolders implements EnvironmentPostProcessor {

    private static final String MAPPINGS = "hub.mappings.dir";
    private static final String ROUTES = "camel.main.routes-include-pattern";
    private static final String DEFAULT_ROUTES = "file:routes/**/*.yaml";

    private final Log log;

    public BundledFolders(DeferredLogFactory logs) {
        this.log = logs.getLog(BundledFolders.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment,
            SpringApplication application) {
        String mappings = environment.getProperty(MAPPINGS, "mappings");
        boolean mappingsMissing = !Files.isDirectory(Path.of(mappings));
        boolean routesMissing = DEFAULT_ROUTES.equals(environment.getProperty(ROUTES))
                && !Files.isDirectory(Path.of("routes"));
        if (!mappingsMissing && !routesMissing) {
            return;
        }

        Path root = Path.of(environment.getProperty("hub.data-dir", "data"), "bundled");
        if (!unpack(root)) {
            return;
        }

        Map<String, Object> overrides = new java.util.HashMap<>();
        if (mappingsMissing) {
            overrides.put(MAPPINGS, root.resolve("mappings").toAbsolutePath().toString());
        }
        if (routesMissing) {
            overrides.put(ROUTES, "file:" + root.resolve("routes").toAbsolutePath()
                    + "/**/*.yaml");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("bundledFolders",
                overrides));
        log.info("No " + (mappingsMissing ? "mappings " : "") + (routesMissing ? "routes " : "")
                + "folder in " + Path.of("").toAbsolutePath() + "; using the copy packed in"
                + " the jar, unpacked to " + root.toAbsolutePath());
    }

    /** Unpacks the jar's copy afresh, so that it always matches the jar being run. */
    static boolean unpack(Path root) {
        try {
            Resource[] files = new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:bundled/**/*");
            if (files.length == 0) {
                return false;
            }
            deleteTree(root);
            for (Resource file : files) {
                String relative = relativePath(file.getURL().toString());
                Path target = relative == null ? null : root.resolve(relative).normalize();
                if (target == null || !target.startsWith(root) || !file.isReadable()) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the routes and mappings packed in"
                    + " the jar to " + root.toAbsolutePath(), e);
        }
    }

    /** The part after the packed folder: inside the jar, or under the build's classes. */
    private static String relativePath(String url) {
        for (String marker : new String[] {"!/bundled/", "/classes/bundled/"}) {
            int at = url.lastIndexOf(marker);
            if (at >= 0) {
                return java.net.URLDecoder.decode(url.substring(at + marker.length()),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
