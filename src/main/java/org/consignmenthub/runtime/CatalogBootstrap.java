package org.consignmenthub.runtime;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.consignmenthub.catalog.CatalogLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Loads the catalog file named by {@code hub.catalog.file}, if any, when the hub starts. */
@Component
@Order(0)
class CatalogBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CatalogBootstrap.class);

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
        if (!Files.exists(path)) {
            log.warn("Catalog file not found file={}", path.toAbsolutePath());
            return;
        }
        try (InputStream in = Files.newInputStream(path)) {
            loader.load(CatalogLoader.parse(in));
        }
    }
}
