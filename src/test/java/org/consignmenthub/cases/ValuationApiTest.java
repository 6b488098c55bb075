package org.consignmenthub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consignmenthub.cases.CaseEvents.key;
import static org.consignmenthub.cases.CaseEvents.line;
import static org.consignmenthub.cases.CaseEvents.order;
import static org.consignmenthub.cases.CaseEvents.receipt;
import static org.consignmenthub.cases.CaseEvents.sale;
import static org.consignmenthub.cases.CaseEvents.shipment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import org.consignmenthub.canonical.PurchaseReceived;
import org.consignmenthub.canonical.ReturnReceived;
import org.consignmenthub.runtime.HubClock;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Field case B01 over the API: finance reads what the stock is worth per location and SKU.
 * The retailer's own units are valued at their moving average cost; what vendors consign
 * is shown apart, as exposure at the agreed price in force on the hub's clock, and never
 * enters the retailer's value or its totals.
 */
class ValuationApiTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private HubClock clock;
    @LocalServerPort
    private int port;

    private ApiClient finance;

    @BeforeEach
    void financeOnAFixedDay() {
        finance = new ApiClient(port, TestCredentials.FINANCE);
        clock.driveTo(Instant.parse("2026-12-04T17:00:00Z"));
    }

    @AfterEach
    void clockFollowsTheSystemAgain() {
        clock.followSystemClock();
    }

    @Test
    void retailerValueAndConsignedExposureStandApartPerLocationAndSku() throws Exception {
        books.apply(receipt("R-A1", "V1", "A", "L1", 4),
                purchase("P-A1", "L1", "A", 2, "8.00", "2026-11-02T10:00:00-05:00"),
                purchase("P-A2", "L2", "A", 2, "11.00", "2026-11-03T10:00:00-05:00"),
                receipt("R-A2", "V1", "A", "L2", 6),
                purchase("P-C1", "L1", "C", 3, "20.00", "2026-11-03T11:00:00-05:00"),
                receipt("R-D1", "V2", "D", "L1", 5));
        // One of V1's units is reserved (still V1's), one of V2's has passed to a customer.
        books.apply(order("cases", "O-1", "2026-12-01T10:00:00-05:00", line("1", "A", 1)),
                sale("cases", "O-2", "2026-12-01T11:00:00-05:00", line("1", "D", 1)),
                shipment("cases", "S-O-2", "O-2", "S-1", "2026-12-01T12:00:00-05:00",
                        line("1", "D", 1)));

        ApiClient.Answer atL1 = finance.get("/api/valuation?legalEntity=US-RETAIL&location=L1");

        assertThat(atL1.status()).isEqualTo(200);
        assertThat(atL1.json()).isEqualTo(JSON.readTree("""
                {"legalEntity": "US-RETAIL", "location": "L1",
                 "pricesAt": "2026-12-04T17:00:00Z",
                 "stock": [
                   {"location": "L1", "sku": "A", "retailerUnits": 2,
                    "averageUnitCost": "9.50", "retailerValue": "19.00", "currency": "USD",
                    "consigned": [{"vendor": "V1", "units": 4, "agreedUnitPrice": "12.50",
                                   "exposure": "50.00", "currency": "USD"}]},
                   {"location": "L1", "sku": "C", "retailerUnits": 3,
                    "averageUnitCost": "20.00", "retailerValue": "60.00", "currency": "USD",
                    "consigned": []},
                   {"location": "L1", "sku": "D", "retailerUnits": 0,
                    "averageUnitCost": null, "retailerValue": "0.00", "currency": null,
                    "consigned": [{"vendor": "V2", "units": 4, "agreedUnitPrice": "3.00",
                                   "exposure": "12.00", "currency": "USD"}]}],
                 "totals": {
                   "retailer": [{"currency": "USD", "units": 5, "value": "79.00"}],
                   "consigned": [
                     {"vendor": "V1", "currency": "USD", "units": 4, "exposure": "50.00"},
                     {"vendor": "V2", "currency": "USD", "units": 4, "exposure": "12.00"}]},
                 "unvalued": []}"""));

        JsonNode everywhere = finance.get("/api/valuation?legalEntity=US-RETAIL").json();
        assertThat(everywhere.path("location").isNull()).isTrue();
        assertThat(everywhere.path("stock").findValuesAsText("location"))
                .containsExactly("L1", "L1", "L1", "L2");
        assertThat(everywhere.path("stock").get(3)).isEqualTo(JSON.readTree("""
                {"location": "L2", "sku": "A", "retailerUnits": 2,
                 "averageUnitCost": "9.50", "retailerValue": "19.00", "currency": "USD",
                 "consigned": [{"vendor": "V1", "units": 6, "agreedUnitPrice": "12.50",
                                "exposure": "75.00", "currency": "USD"}]}"""));
        assertThat(everywhere.path("totals")).isEqualTo(JSON.readTree("""
                {"retailer": [{"currency": "USD", "units": 7, "value": "98.00"}],
                 "consigned": [
                   {"vendor": "V1", "currency": "USD", "units": 10, "exposure": "125.00"},
                   {"vendor": "V2", "currency": "USD", "units": 4, "exposure": "12.00"}]}"""));
    }

    @Test
    void exposureFollowsTheAgreedPriceInForceOnTheHubsClock() {
        books.loadCatalog("fixtures/agreement-terms-catalog.yaml");
        books.apply(receipt("R-G", "V6", "G", "L2", 2));

        assertThat(exposureOfG()).isEqualTo("11.00 22.00");
        clock.driveTo(Instant.parse("2026-12-15T05:00:00Z"));
        assertThat(exposureOfG()).isEqualTo("11.75 23.50");
        clock.driveTo(Instant.parse("2026-11-20T12:00:00Z"));
        assertThat(exposureOfG()).isEqualTo("10.50 21.00");
    }

    @Test
    void unitsWithoutACostOrAPriceAreListedAndLeftOutOfTheTotals() throws Exception {
        // A teapot comes back that the hub never saw bought: the retailer's, at no known cost.
        books.apply(new ReturnReceived(key("cases", "ReturnReceived", "RMA-C"), "RMA-C", null,
                        null, "C-9", "C", 1, "RESALEABLE", "L2",
                        Instant.parse("2026-12-01T10:00:00-05:00")),
                receipt("R-A", "V1", "A", "L2", 3));
        // Before V1's agreement took effect no price was agreed.
        clock.driveTo(Instant.parse("2025-12-31T12:00:00Z"));

        JsonNode atL2 = finance.get("/api/valuation?legalEntity=US-RETAIL&location=L2").json();

        assertThat(atL2.path("stock")).isEqualTo(JSON.readTree("""
                [{"location": "L2", "sku": "A", "retailerUnits": 0, "averageUnitCost": null,
                  "retailerValue": "0.00", "currency": null,
                  "consigned": [{"vendor": "V1", "units": 3, "agreedUnitPrice": null,
                                 "exposure": null, "currency": null}]},
                 {"location": "L2", "sku": "C", "retailerUnits": 1, "averageUnitCost": null,
                  "retailerValue": null, "currency": null, "consigned": []}]"""));
        assertThat(atL2.path("totals")).isEqualTo(JSON.readTree("""
                {"retailer": [], "consigned": []}"""));
        assertThat(atL2.path("unvalued")).isEqualTo(JSON.readTree("""
                [{"location": "L2", "owner": "V1", "sku": "A", "units": 3,
                  "reason": "no agreed price in force at 2025-12-31T12:00:00Z"},
                 {"location": "L2", "owner": "RETAILER", "sku": "C", "units": 1,
                  "reason": "no purchase cost recorded"}]"""));
    }

    @Test
    void onlyStaffTrustedWithMoneyReadItAndUnknownPlacesAreNamed() {
        assertThat(finance.get("/api/valuation?legalEntity=US-RETAIL").status())
                .isEqualTo(200);
        assertThat(new ApiClient(port, TestCredentials.SUPPORT)
                .get("/api/valuation?legalEntity=US-RETAIL").status()).isEqualTo(403);
        assertThat(ApiClient.withApiKey(port, TestCredentials.V1_API_KEY)
                .get("/api/valuation?legalEntity=US-RETAIL").status()).isEqualTo(403);

        ApiClient.Answer unknown = finance.get("/api/valuation?legalEntity=NOWHERE");
        assertThat(unknown.status()).isEqualTo(400);
        JsonNode noEntity = unknown.json();
        assertThat(noEntity.path("reasonCode").asText()).isEqualTo("UNKNOWN_LEGAL_ENTITY");
        assertThat(noEntity.path("field").asText()).isEqualTo("legalEntity");
        ApiClient.Answer noLocation = finance.get(
                "/api/valuation?legalEntity=US-RETAIL&location=L3");
        assertThat(noLocation.status()).isEqualTo(400);
        assertThat(noLocation.json().path("reasonCode").asText())
                .isEqualTo("UNKNOWN_LOCATION");
        ApiClient.Answer missing = finance.get("/api/valuation");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("field").asText()).isEqualTo("legalEntity");
    }

    private String exposureOfG() {
        JsonNode vendor = finance.get("/api/valuation?legalEntity=US-RETAIL&location=L2")
                .json().path("stock").get(0).path("consigned").get(0);
        return vendor.path("agreedUnitPrice").asText() + " " + vendor.path("exposure").asText();
    }

    private static PurchaseReceived purchase(String id, String location, String sku,
            long quantity, String unitCost, String at) {
        return new PurchaseReceived(key("cases", "PurchaseReceived", id), "WHOLESALER",
                location, sku, quantity, new BigDecimal(unitCost), "USD", Instant.parse(at));
    }
}
