package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.US;
import static org.consignmenthub.cases.CaseEvents.key;
import static org.consignmenthub.cases.CaseEvents.receipt;

import java.math.BigDecimal;
import java.time.Instant;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.reporting.StockValuation;
import org.consignmenthub.reporting.StockValuation.Exposure;
import org.consignmenthub.reporting.StockValuation.OwnStock;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Field case B01: consigned units must not leak into the retailer's valuation. The
 * retailer's average cost and stock value run over its own units only; what it holds on
 * consignment is reported apart, as exposure to the vendor at the agreed price.
 */
class ValuationTest extends HubIntegrationTest {

    private static final Instant PRICES_AT = Instant.parse("2026-12-01T12:00:00-05:00");

    @Autowired
    private StockValuation valuation;

    @Test
    void consignedUnitsStayOutOfTheRetailersCostAndValue() {
        books.apply(new VendorStockReported(new EventKey(US, "vendor-stock", "V1",
                        "VendorStockReported", "E-B01-1", 0), "V1", "L1", "A",
                        VendorStockReported.Kind.RECEIPT, 4, "E-B01-1",
                        Instant.parse("2026-12-01T09:00:00-05:00")),
                purchase("E-B01-2", 2, "8.00", "2026-12-01T10:00:00-05:00"));

        assertThat(books.onHand("V1", "A", "L1")).isEqualTo(4);
        assertThat(books.onHand("RETAILER", "A", "L1")).isEqualTo(2);
        StockValuation.Report report = valuation.of(US, PRICES_AT);
        assertThat(report.retailer()).singleElement().satisfies(a -> {
            assertThat(a.sku()).isEqualTo("A");
            assertThat(a.units()).isEqualTo(2);
            assertThat(a.averageUnitCost()).isEqualByComparingTo("8.00");
            assertThat(a.value()).isEqualTo(new BigDecimal("16.00"));
            assertThat(a.currency()).isEqualTo("USD");
        });
        assertThat(report.consignment()).containsExactly(
                new Exposure("V1", "A", 4, new BigDecimal("12.5000"), new BigDecimal("50.00"),
                        "USD"));
        assertThat(report.unvalued()).isEmpty();
        assertThat(retailerValue(report)).isEqualByComparingTo("16.00");
        assertThat(books.billingLines("V1")).isEmpty();
        assertThat(books.billingLines("V2")).isEmpty();
    }

    @Test
    void laterPurchasesAverageOverTheRetailersOwnUnitsOnly() {
        books.apply(purchase("E-B01-P1", 2, "8.00", "2026-12-01T10:00:00-05:00"),
                receipt("E-B01-R1", "V1", "A", "L1", 4),
                purchase("E-B01-P2", 2, "11.00", "2026-12-02T10:00:00-05:00"),
                receipt("E-B01-R2", "V1", "A", "L2", 6));

        StockValuation.Report report = valuation.of(US, PRICES_AT);
        OwnStock own = report.retailer().get(0);
        assertThat(own.units()).isEqualTo(4);
        assertThat(own.averageUnitCost()).isEqualByComparingTo("9.50");
        assertThat(own.value()).isEqualTo(new BigDecimal("38.00"));
        assertThat(report.consignment()).containsExactly(
                new Exposure("V1", "A", 10, new BigDecimal("12.5000"),
                        new BigDecimal("125.00"), "USD"));
    }

    @Test
    void aPurchaseInAnotherCurrencyIsRefusedAndLeavesTheAverageAlone() {
        books.apply(purchase("E-B01-P1", 2, "8.00", "2026-12-01T10:00:00-05:00"));

        books.applyRecord(new PurchaseReceived(key("cases", "PurchaseReceived", "E-B01-EUR"),
                "V2", "L1", "A", 2, new BigDecimal("20.00"), "EUR",
                Instant.parse("2026-12-02T10:00:00-05:00")));

        assertThat(books.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead).containsEntry("reason_code", "CURRENCY_MISMATCH")
                    .containsEntry("field", "currency");
            assertThat(dead.get("reason").toString()).isEqualTo("the retailer's cost of SKU A"
                    + " is kept in USD; a purchase in EUR cannot be averaged into it");
        });
        OwnStock own = valuation.of(US, PRICES_AT).retailer().get(0);
        assertThat(own.units()).isEqualTo(2);
        assertThat(own.averageUnitCost()).isEqualByComparingTo("8.00");
    }

    @Test
    void exposureIsInTheVendorsCurrencyAtItsMinorUnit() {
        books.apply(new VendorStockReported(new EventKey("JP-RETAIL", "vendor-stock", "V3",
                "VendorStockReported", "E-B01-JP", 0), "V3", "L3", "A-JP",
                VendorStockReported.Kind.RECEIPT, 3, "E-B01-JP",
                Instant.parse("2026-12-01T09:00:00+09:00")));

        StockValuation.Report report = valuation.of("JP-RETAIL", PRICES_AT);

        assertThat(report.retailer()).isEmpty();
        assertThat(report.consignment()).containsExactly(
                new Exposure("V3", "A-JP", 3, new BigDecimal("800.0000"), new BigDecimal("2400"),
                        "JPY"));
        assertThat(valuation.of(US, PRICES_AT).consignment()).isEmpty();
    }

    private static PurchaseReceived purchase(String id, long quantity, String unitCost,
            String at) {
        return new PurchaseReceived(key("cases", "PurchaseReceived", id), "V2", "L1", "A",
                quantity, new BigDecimal(unitCost), "USD", Instant.parse(at));
    }

    private static BigDecimal retailerValue(StockValuation.Report report) {
        return report.retailer().stream().map(OwnStock::value)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
