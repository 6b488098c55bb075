package org.consignmenthub.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a count variance is shared among owners under each rule an agreement may name. */
class AttributionTest {

    private static final Map<String, Long> V1_30_RETAILER_10 = books("V1", 30, "RETAILER", 10);

    @Test
    void consignmentFirstTakesAShortageFromTheVendorBeforeTheRetailer() {
        assertThat(Attribution.share(Attribution.Rule.CONSIGNMENT_FIRST, V1_30_RETAILER_10,
                "V1", -35)).containsExactly(Map.entry("V1", -30L), Map.entry("RETAILER", -5L));
    }

    @Test
    void retailerFirstTakesAShortageFromTheRetailerBeforeTheVendor() {
        assertThat(Attribution.share(Attribution.Rule.RETAILER_FIRST, V1_30_RETAILER_10,
                "V1", -12)).containsExactly(Map.entry("RETAILER", -10L), Map.entry("V1", -2L));
    }

    @Test
    void proportionalSharesWholeUnitsByBookWithTheRemainderToTheLargestFraction() {
        // 7 x 30/40 = 5.25 and 7 x 10/40 = 1.75: the spare unit goes to the retailer.
        assertThat(Attribution.share(Attribution.Rule.PROPORTIONAL, V1_30_RETAILER_10, "V1",
                -7)).containsExactlyInAnyOrderEntriesOf(Map.of("V1", -5L, "RETAILER", -2L));
        assertThat(Attribution.share(Attribution.Rule.PROPORTIONAL, V1_30_RETAILER_10, "V1",
                8)).containsExactlyInAnyOrderEntriesOf(Map.of("V1", 6L, "RETAILER", 2L));
    }

    @Test
    void anOverCountGoesToTheFirstOwnerOfTheRule() {
        assertThat(Attribution.share(Attribution.Rule.CONSIGNMENT_FIRST, V1_30_RETAILER_10,
                "V1", 4)).containsExactly(Map.entry("V1", 4L));
        assertThat(Attribution.share(Attribution.Rule.RETAILER_FIRST, V1_30_RETAILER_10,
                "V1", 4)).containsExactly(Map.entry("RETAILER", 4L));
    }

    @Test
    void unitsFoundWhereTheBookHoldsNoneAreTheVendorsOfAConsignedItem() {
        assertThat(Attribution.share(Attribution.Rule.PROPORTIONAL, Map.of(), "V1", 3))
                .containsExactly(Map.entry("V1", 3L));
        assertThat(Attribution.share(Attribution.Rule.CONSIGNMENT_FIRST, Map.of(), null, 3))
                .as("an item of the retailer's own").containsExactly(Map.entry("RETAILER", 3L));
    }

    @Test
    void aShortageBeyondTheBookIsAnError() {
        assertThatThrownBy(() -> Attribution.share(Attribution.Rule.CONSIGNMENT_FIRST,
                V1_30_RETAILER_10, "V1", -41)).hasMessageContaining("shortage of 41");
    }

    private static Map<String, Long> books(String owner, long units, String other,
            long otherUnits) {
        Map<String, Long> books = new LinkedHashMap<>();
        books.put(owner, units);
        books.put(other, otherUnits);
        return books;
    }
}
