package org.consignmenthub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MappingFunctionsTest {

    @Test
    void londonWallClockTimeFollowsSummerTime() {
        assertThat(MappingFunctions.zonedInstant("2010-12-01 08:26:00", "Europe/London"))
                .isEqualTo("2010-12-01T08:26:00Z");
        assertThat(MappingFunctions.zonedInstant("2011-06-01 10:00:00", "Europe/London"))
                .isEqualTo("2011-06-01T09:00:00Z");
    }

    @Test
    void timeWithAnOffsetKeepsItsInstant() {
        assertThat(MappingFunctions.zonedInstant("2026-12-01T09:00:00-05:00", "Europe/London"))
                .isEqualTo("2026-12-01T14:00:00Z");
    }

    @Test
    void dateAloneIsTheStartOfThatDayInTheZone() {
        assertThat(MappingFunctions.zonedInstant("2026-12-01", "America/New_York"))
                .isEqualTo("2026-12-01T05:00:00Z");
    }

    @Test
    void blankIsNoTime() {
        assertThat(MappingFunctions.zonedInstant(" ", "UTC")).isNull();
    }

    @Test
    void unitPriceDividesDecimalsExactlyKeepingTheAmountsScale() {
        assertThat(MappingFunctions.unitPrice("18.26", 2)).isEqualTo("9.13");
        assertThat(MappingFunctions.unitPrice("6.00", 2)).isEqualTo("3.00");
        assertThat(MappingFunctions.unitPrice("10.00", 4)).isEqualTo("2.50");
    }

    @Test
    void restApiDateIsReadWithItsOffset() {
        assertThat(MappingFunctions.httpDateInstant("Tue, 05 Mar 2019 21:40:11 +0000"))
                .isEqualTo("2019-03-05T21:40:11Z");
        assertThat(MappingFunctions.httpDateInstant("Tue, 05 Mar 2019 21:40:11 -0500"))
                .isEqualTo("2019-03-06T02:40:11Z");
        assertThat(MappingFunctions.httpDateInstant("2019-03-05T21:40:11Z")).isNull();
    }

    @Test
    void unitPriceIsDividedOutInDecimals() {
        assertThat(MappingFunctions.unitPrice("17.95", 2)).isEqualTo("8.975");
        assertThat(MappingFunctions.unitPrice("25.99", 1.0)).isEqualTo("25.99");
        // 10.00 for 3 never ends; twelve digits extend back to the total once rounded.
        assertThat(MappingFunctions.unitPrice("10.00", 3)).isEqualTo("3.33333333333");
        assertThat(MappingFunctions.unitPrice("ten", 3)).isNull();
        assertThat(MappingFunctions.unitPrice("10.00", 0)).isNull();
    }
}
