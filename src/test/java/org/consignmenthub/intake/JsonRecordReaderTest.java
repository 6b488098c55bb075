package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lists from APIs are read element by element where the mapping's option says. */
class JsonRecordReaderTest {

    private final JsonRecordReader reader = new JsonRecordReader();

    @Test
    void listInAFieldGivesOneRecordPerElementNamedByItsPlace() {
        List<RecordReader.ReadRecord> records = read("orders",
                "{\"orders\": [{\"id\": 1}, {\"id\": 2}], \"next\": null}");

        assertThat(records).extracting(RecordReader.ReadRecord::recordRef)
                .containsExactly("list.json#orders[0]", "list.json#orders[1]");
        assertThat(records.get(1).rawRecord()).isEqualTo("{\"id\":2}");
        assertThat(records.get(1).tree().get("id").asInt()).isEqualTo(2);
    }

    @Test
    void payloadThatIsAListGivesOneRecordPerElement() {
        assertThat(read("$", "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]"))
                .extracting(RecordReader.ReadRecord::recordRef)
                .containsExactly("list.json#[0]", "list.json#[1]", "list.json#[2]");
    }

    @Test
    void payloadWithoutTheListIsOneRecordForTheMappingToJudge() {
        assertThat(read("$", "{\"id\": 7}")).singleElement()
                .satisfies(r -> assertThat(r.recordRef()).isEqualTo("list.json"));
        assertThat(read("orders", "{\"orders\": {\"id\": 7}}")).hasSize(1);
    }

    @Test
    void withoutTheOptionAListIsOneRecord() {
        assertThat(read(null, "[{\"id\": 1}, {\"id\": 2}]")).hasSize(1);
    }

    private List<RecordReader.ReadRecord> read(String records, String json) {
        MappingDescriptor descriptor = new MappingDescriptor("shop", "list", "json",
                Path.of("list.jsonata"), records == null ? Map.of() : Map.of("records", records));
        return reader.read(new InboundMessage(1L, "shop", "a", "list", "list.json",
                json.getBytes(StandardCharsets.UTF_8), Map.of()), descriptor);
    }
}
