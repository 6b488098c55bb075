package org.consignmenthub.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The database's refusals reach the dead-letter store in plain words, not in SQL. */
class RefusedValuesTest {

    @Test
    void eachKindOfRefusalIsSaidWithoutTheDatabasesWording() {
        assertThat(RefusedValues.reason(new SQLException("ERROR: numeric field overflow"
                + " Detail: A field with precision 19, scale 4 must round to an absolute"
                + " value less than 10^15.", "22003")))
                .isEqualTo("a number is beyond the range the books keep (at most 19 digits,"
                        + " 4 of them decimals, for prices)");
        assertThat(RefusedValues.reason(new SQLException("ERROR: invalid byte sequence for"
                + " encoding \"UTF8\": 0x00", "22021"))).contains("zero byte")
                .doesNotContain("UTF8", "ERROR");
        assertThat(RefusedValues.reason(new SQLException("ERROR: new row for relation"
                + " \"stock_position\" violates check constraint", "23514")))
                .doesNotContain("relation", "stock_position");
        assertThat(RefusedValues.reason(new SQLException("ERROR: something new", "22999")))
                .isEqualTo("the books refused its values (SQL state 22999)");
    }
}
