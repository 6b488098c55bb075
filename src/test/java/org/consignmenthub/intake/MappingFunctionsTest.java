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
    void unitPriceThatDoesNotDivideEvenlyIsRoundedHalfUpToFourPlaces() {
        assertThat(MappingFunctions.unitPrice("9.40", 3)).isEqualTo("3.1333");
        assertThat(MappingFunctions.unitPrice("0.05", 3)).isEqualTo("0.0167");
    }

    @Test
    void unitPriceOfNoUnitsIsNone() {
        assertThat(MappingFunctions.unitPrice("9.40", 0)).isNull();
    }
}
