package org.consignmenthub.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.consignmenthub.catalog.CatalogLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultApplicationArguments;

/** A catalog file the operator named must be there and readable, or the hub does not start. */
class CatalogBootstrapTest {

    @TempDir
    Path folder;

    @Test
    void aMissingCatalogFileStopsTheStart() {
        Path missing = folder.resolve("catalgo.yaml");
        CatalogBootstrap bootstrap = new CatalogBootstrap(new CatalogLoader(null, null),
                missing.toString());

        assertThatThrownBy(() -> bootstrap.run(new DefaultApplicationArguments()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Catalog file not found: " + missing.toAbsolutePath())
                .hasMessageContaining("hub.catalog.file");
    }

    @Test
    void aCatalogFileThatIsNotYamlStopsTheStartNamingTheFileAndLine() throws Exception {
        Path broken = Files.writeString(folder.resolve("catalog.yaml"),
                "legalEntities:\n  - code: \"UK-RETAIL\n");
        CatalogBootstrap bootstrap = new CatalogBootstrap(new CatalogLoader(null, null),
                broken.toString());

        assertThatThrownBy(() -> bootstrap.run(new DefaultApplicationArguments()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Catalog file " + broken.toAbsolutePath() + " refused")
                .hasMessageContaining("not readable as YAML: while scanning a quoted scalar"
                        + " at line 2");
    }
}
