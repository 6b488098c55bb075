package org.consignmenthub.testing;

import java.util.UUID;
import org.consignmenthub.ConsignmentHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A test against the whole hub: real PostgreSQL (database {@code test} on 127.0.0.1),
 * in-process Artemis, the real routes and mappings. Every test starts from empty books with
 * the field-case catalog loaded, and ends by checking the ledger invariants.
 */
@SpringBootTest(classes = ConsignmentHub.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({Books.class, ScratchSchema.class})
public abstract class HubIntegrationTest {

    @Autowired
    protected Books books;

    /**
     * Each application context gets a data folder of its own. Contexts stay alive in the
     * test framework's cache between test classes, and a context that shared the drop
     * folder would pick up files meant for another.
     */
    @DynamicPropertySource
    static void dataFolderOfItsOwn(DynamicPropertyRegistry registry) {
        String dataDir = "target/test-data/context-" + UUID.randomUUID();
        registry.add("hub.data-dir", () -> dataDir);
    }

    @BeforeEach
    void emptyBooks() {
        books.reset();
        books.loadCatalog("fixtures/cases-catalog.yaml");
    }

    @AfterEach
    void invariantsHold() {
        books.assertInvariants();
    }
}
