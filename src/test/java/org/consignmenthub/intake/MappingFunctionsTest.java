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
}
