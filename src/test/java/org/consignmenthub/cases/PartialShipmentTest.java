package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.cancellation;
import static org.consignmenthub.cases.CaseEvents.line;
import static org.consignmenthub.cases.CaseEvents.order;
import static org.consignmenthub.cases.CaseEvents.receipt;
import static org.consignmenthub.cases.CaseEvents.sale;
import static org.consignmenthub.cases.CaseEvents.shipment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Field case B05: title and billing follow the shipped quantity, shipment by shipment, not
 * the order. A paid order only reserves; each shipment bills what it took; a cancellation
 * after a partial shipment gives the rest back to the vendor's available stock.
 */
class PartialShipmentTest extends HubIntegrationTest {

    private static final String AMAZON = "AMAZON";

    @BeforeEach
    void paidOrderForFiveUnits() {
        books.apply(receipt("E-B05-0", "V1", "A", "L1", 5));
        books.apply(order(AMAZON, "O-B05", "2026-12-02T10:00:00-05:00", line("1", "A", 5)),
                sale(AMAZON, "O-B05", "2026-12-02T10:00:00-05:00", line("1", "A", 5)));
    }

    @Test
    void eachShipmentBillsWhatItShipped() {
        assertThat(books.billingLines("V1")).isEmpty();
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(5);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(5);
        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isZero();

        books.apply(shipment(AMAZON, "E-B05-2", "O-B05", "S1", "2026-12-03T10:00:00-05:00",
                line("1", "A", 2)));

        List<Map<String, Object>> lines = books.billingLines("V1");
        assertThat(lines).singleElement().satisfies(first -> assertThat(first)
                .containsEntry("kind", "INVOICE").containsEntry("quantity", 2L)
                .containsEntry("unit_price", new BigDecimal("12.5000"))
                .containsEntry("net_amount", new BigDecimal("25.00"))
                .containsEntry("business_date", "2026-12-03"));
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(3);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isEqualTo(3);

        books.apply(shipment(AMAZON, "E-B05-3", "O-B05", "S2", "2026-12-04T10:00:00-05:00",
                line("1", "A", 3)));

        lines = books.billingLines("V1");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).containsEntry("kind", "INVOICE").containsEntry("quantity", 3L)
                .containsEntry("net_amount", new BigDecimal("37.50"))
                .containsEntry("business_date", "2026-12-04");
        assertThat(books.netPayable("V1")).isEqualByComparingTo("62.50");
        assertThat(books.onHand("V1", "A", "L1")).isZero();
        assertThat(transferredQuantities()).containsExactly(2L, 3L);
    }

    @Test
    void cancellingAfterTheFirstShipmentReleasesTheRestToTheVendor() {
        books.apply(shipment(AMAZON, "E-B05-2", "O-B05", "S1", "2026-12-03T10:00:00-05:00",
                line("1", "A", 2)));

        books.apply(cancellation(AMAZON, "E-B05-4", "O-B05", "2026-12-03T12:00:00-05:00"));

        assertThat(books.bucket("V1", "A", "L1", "AVAILABLE")).isEqualTo(3);
        assertThat(books.bucket("V1", "A", "L1", "ALLOCATED")).isZero();
        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(3);
        assertThat(books.onHand("RETAILER", "A", "L1")).isZero();
        assertThat(books.billingLines("V1")).singleElement().satisfies(only -> assertThat(only)
                .containsEntry("quantity", 2L)
                .containsEntry("net_amount", new BigDecimal("25.00")));
        assertThat(books.netPayable("V1")).isEqualByComparingTo("25.00");
        assertThat(transferredQuantities()).containsExactly(2L);
        assertThat(books.deadLetters()).isEmpty();
    }

    private List<Long> transferredQuantities() {
        return books.jdbc().queryForList("select quantity from title_transfer order by id",
                Long.class);
    }
}
