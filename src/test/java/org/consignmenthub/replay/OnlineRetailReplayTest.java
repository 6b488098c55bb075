package org.consignmenthub.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.consignmenthub.testing.Books;
import org.consignmenthub.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The replay of the Online Retail data set, run on a slice of whole months through a real
 * hub (real routes, real PostgreSQL, in-process Artemis), agrees figure by figure with the
 * summary the independent oracle computes straight from the same CSV files.
 */
class OnlineRetailReplayTest {

    private static final String DB_URL = System.getenv().getOrDefault("HUB_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");

    @Test
    void twoWholeMonthsMatchTheIndependentFigures(@TempDir Path work) throws Exception {
        // Two whole months: a monthly settlement closes on the hub's clock, March's returns
        // reach back into February's sales, and the clocks go forward on 27 March inside the
        // 720-hour return window. The whole ten months are the README's first command.
        Path slice = OnlineRetailOracle.slice(
                Corpus.dir().resolve("retail-dataset/online-retail-by-day"),
                work.resolve("slice"), "2011-02", "2011-03");
        ObjectNode expected = OnlineRetailOracle.expectedSummary(slice);
        emptyBooks();

        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ObjectNode actual = OnlineRetailReplay.replay(slice, List.of(
                "--spring.profiles.active=test",
                "--hub.data-dir=" + work.resolve("hub"),
                "--spring.datasource.url=" + DB_URL,
                "--hub.catalog.file="),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        actual.remove("legalEntity");

        assertThat(normalised(actual)).isEqualTo(normalised(expected));
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("2011-02-01.csv").contains("2011-03-31.csv").contains("rows/s");
    }

    /** Both summaries as Jackson reads them from text, so number types compare equal. */
    private static JsonNode normalised(JsonNode summary) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return json.readTree(json.writeValueAsString(summary));
    }

    /** The replay starts from empty books; the schema is left to the hub's migrations. */
    private static void emptyBooks() {
        Books.emptyTables(new JdbcTemplate(new DriverManagerDataSource(DB_URL,
                System.getenv().getOrDefault("HUB_TEST_DB_USER", "postgres"),
                System.getenv().getOrDefault("HUB_TEST_DB_PASSWORD", ""))));
    }
}
