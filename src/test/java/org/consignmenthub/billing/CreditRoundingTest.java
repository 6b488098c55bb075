package org.consignmenthub.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.billing.BillingEvents.customerReturn;
import static org.consignmenthub.billing.BillingEvents.paidOrder;
import static org.consignmenthub.billing.BillingEvents.receipt;
import static org.consignmenthub.billing.BillingEvents.shipment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consignmenthub.runtime.SettlementScheduler;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A line returned unit by unit is credited so that the credits add up to the line exactly,
 * net and tax, although each one is rounded to the cent: a credit is the line's amount for
 * all units credited so far less what earlier credits took.
 */
class CreditRoundingTest extends HubIntegrationTest {

    private static final Instant MARCH_2 = Instant.parse("2030-03-02T15:00:00Z");

    @Autowired
    private SettlementScheduler settlement;

    @BeforeEach
    void pricesWithFractionsOfACent() {
        books.loadCatalog("fixtures/billing-catalog.yaml");
    }

    @Test
    void aLineAtAPriceOfFourDecimalsReturnedOneByOneIsReversedToTheCent() {
        sellAndReturnOneByOne("V1", "B", "O-B-3");

        assertThat(amounts("V1")).containsExactly(
                line("INVOICE", 3, "0.3350", "1.01", "0.00"),
                line("CREDIT_NOTE", -1, "0.3350", "-0.34", "0.00"),
                line("CREDIT_NOTE", -1, "0.3350", "-0.33", "0.00"),
                line("CREDIT_NOTE", -1, "0.3350", "-0.34", "0.00"));
        assertThat(books.netPayable("V1")).isEqualByComparingTo("0.00");
    }

    @Test
    void creditsOfATaxedLineAddUpToItsNetAndTaxExactly() {
        sellAndReturnOneByOne("V4", "E", "O-E-3");

        assertThat(amounts("V4")).containsExactly(
                line("INVOICE", 3, "0.1300", "0.39", "0.08"),
                line("CREDIT_NOTE", -1, "0.1300", "-0.13", "-0.03"),
                line("CREDIT_NOTE", -1, "0.1300", "-0.13", "-0.02"),
                line("CREDIT_NOTE", -1, "0.1300", "-0.13", "-0.03"));

        assertThat(settlement.closeAllOpenPeriods()).isEqualTo(1);
        assertThat(books.jdbc().queryForList("""
                select kind, number, net_total::text as net, tax_total::text as tax
                from billing_document where vendor = 'V4' order by kind""")).containsExactly(
                Map.of("kind", "CREDIT_NOTE", "number", "SBC-US-RETAIL-V4-000001",
                        "net", "-0.39", "tax", "-0.08"),
                Map.of("kind", "INVOICE", "number", "SBI-US-RETAIL-V4-000001",
                        "net", "0.39", "tax", "0.08"));
    }

    @Test
    void aPartReturnIsCreditedAtTheLinesRoundedAmountForItsUnits() {
        books.apply(receipt("R-E", "V4", "E", 10, MARCH_2.minusSeconds(86_400)));
        books.apply(paidOrder("O-E-7", "E", 7, MARCH_2));
        books.apply(shipment("O-E-7", "E", 7, MARCH_2.plusSeconds(3_600)));
        books.apply(customerReturn("RMA-E-1", "O-E-7", "E", 2, MARCH_2.plusSeconds(86_400)));
        books.apply(customerReturn("RMA-E-2", "O-E-7", "E", 3, MARCH_2.plusSeconds(90_000)));

        // 7 × 0.13 = 0.91, tax 0.182; after 2 units 0.26 and 0.052; after 5, 0.65 and 0.13.
        assertThat(amounts("V4")).containsExactly(
                line("INVOICE", 7, "0.1300", "0.91", "0.18"),
                line("CREDIT_NOTE", -2, "0.1300", "-0.26", "-0.05"),
                line("CREDIT_NOTE", -3, "0.1300", "-0.39", "-0.08"));
    }

    private void sellAndReturnOneByOne(String vendor, String sku, String orderRef) {
        books.apply(receipt("R-" + sku, vendor, sku, 10, MARCH_2.minusSeconds(86_400)));
        books.apply(paidOrder(orderRef, sku, 3, MARCH_2));
        books.apply(shipment(orderRef, sku, 3, MARCH_2.plusSeconds(3_600)));
        for (int unit = 1; unit <= 3; unit++) {
            books.apply(customerReturn("RMA-" + orderRef + "-" + unit, orderRef, sku, 1,
                    MARCH_2.plusSeconds(86_400L * unit)));
        }
    }

    private List<Map<String, Object>> amounts(String vendor) {
        return books.jdbc().queryForList("""
                select kind, quantity, unit_price::text as price, net_amount::text as net,
                    tax_amount::text as tax
                from billing_line where vendor = ? order by id""", vendor);
    }

    private static Map<String, Object> line(String kind, long quantity, String price,
            String net, String tax) {
        return Map.of("kind", kind, "quantity", quantity, "price", price, "net", net,
                "tax", tax);
    }
}
