package org.consignmenthub.runtime;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.consignmenthub.catalog.CatalogLoader;
import org.consignmenthub.catalog.CatalogRefused;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Loads the catalog file named by {@code hub.catalog.file}, if any, when the hub starts. */
@Component
@Order(0)
class CatalogBootstrap implements ApplicationRunner {

    private final CatalogLoader loader;
    private final String file;

    CatalogBootstrap(CatalogLoader loader, @Value("${hub.catalog.file:}") String file) {
        this.loader = loader;
        this.file = file;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (file.isBlank()) {
            return;
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            // A hub started without the catalog its operator named would refuse every
            // record as unknown; better not to start at all.
            throw new IllegalStateException("Catalog file not found: " + path.toAbsolutePath()
                    + " (hub.catalog.file)");
        }
        try (InputStream in = Files.newInputStream(path)) {
            loader.load(CatalogLoader.parse(in));
        } catch (CatalogRefused e) {
            throw new IllegalStateException("Catalog file " + path.toAbsolutePath()
                    + " refused: " + e.getMessage(), e);
        }
    }
}
