package org.consignmenthub.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Loading a catalog over REST: a document with mistakes is refused whole, every mistake
 * named by its place in the document, and an agreement version already in the books keeps
 * its terms unless a new version brings new ones.
 */
class CatalogLoadTest extends HubIntegrationTest {

    /** A vendor of the field-case entity, with one agreement version and two prices. */
    private static final String LANTERNS = """
            legalEntities:
              - code: US-RETAIL
                name: Retailer Inc.
                currency: USD
                timeZone: America/New_York
                vendors:
                  - code: V9
                    name: Vendor Nine
                    taxRegistration: US-V9-TAX
                    agreements:
                      - version: 1
                        reference: SBA-V9-1
                        effectiveFrom: 2026-01-01T00:00:00-05:00
                        currency: USD
                        taxRate: "0.07"
                        settlementPeriod: MONTHLY
                        timeZone: America/New_York
                        returnWindowHours: 720
                        prices:
                          - {sku: L9, unitPrice: "%s"}
                          - {sku: M9, unitPrice: "1.25"}
                items:
                  - {sku: L9, description: Lantern, vendor: V9}
                  - {sku: M9, description: Candle, vendor: V9}
            """;

    @LocalServerPort
    int port;

    private ApiClient api;

    @BeforeEach
    void operator() {
        api = new ApiClient(port);
    }

    @Test
    void aCatalogLoadedTwiceIsTheSameCatalog() {
        assertThat(api.post("/api/catalog", LANTERNS.formatted("7.40")).status()).isEqualTo(200);
        assertThat(api.post("/api/catalog", LANTERNS.formatted("7.4000")).status())
                .as("the same price written with more decimals").isEqualTo(200);

        assertThat(prices("V9")).containsExactly("1 L9 7.4", "1 M9 1.25");
    }

    @Test
    void aLoadedVersionGivenAnotherPriceIsRefusedAndKeepsItsPrice() {
        api.post("/api/catalog", LANTERNS.formatted("7.40"));

        ApiClient.Answer answer = api.post("/api/catalog", LANTERNS.formatted("7.95"));

        assertThat(answer.status()).isEqualTo(400);
        JsonNode problem = answer.json().get("problems").get(0);
        assertThat(problem.get("field").asText())
                .isEqualTo("legalEntities[0].vendors[0].agreements[0]");
        assertThat(problem.get("reason").asText())
                .contains("version 1 of vendor V9's agreement is already loaded with other terms")
                .contains("unitPrice of SKU L9 from 2026-01-01T05:00:00Z 7.4 loaded, 7.95 given")
                .contains("new terms need a new version");
        assertThat(prices("V9")).containsExactly("1 L9 7.4", "1 M9 1.25");
    }

    @Test
    void aLoadedVersionsReferenceAndCountTermsAndAnEntitysCurrencyStayAsLoaded() {
        api.post("/api/catalog", LANTERNS.formatted("7.40"));
        String changed = LANTERNS.formatted("7.40")
                .replace("currency: USD\n    timeZone", "currency: EUR\n    timeZone")
                .replace("reference: SBA-V9-1", "reference: SBA-V9-1b")
                .replace("returnWindowHours: 720\n", "returnWindowHours: 720\n"
                        + "            counts: {toleranceUnits: 40}\n");

        ApiClient.Answer answer = api.post("/api/catalog", changed);

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        List<String> problems = problems(answer);
        assertThat(problems.get(0)).isEqualTo("legalEntities[0].currency: legal entity"
                + " US-RETAIL keeps its books in USD; its currency cannot change to EUR");
        assertThat(problems.get(1)).contains("reference SBA-V9-1 loaded, SBA-V9-1b given")
                .contains("counts.toleranceUnits 0 loaded, 40 given");
    }

    @Test
    void newTermsComeAsANewVersionBesideTheOldOne() {
        api.post("/api/catalog", LANTERNS.formatted("7.40"));
        String second = LANTERNS.formatted("7.40").replace("    items:\n", """
                          - version: 2
                            reference: SBA-V9-2
                            effectiveFrom: 2026-07-01T00:00:00-04:00
                            currency: USD
                            taxRate: "0.07"
                            settlementPeriod: MONTHLY
                            timeZone: America/New_York
                            returnWindowHours: 720
                            prices:
                              - {sku: L9, unitPrice: "7.95"}
                    items:
                """);

        ApiClient.Answer answer = api.post("/api/catalog", second);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);

        assertThat(prices("V9")).containsExactly("1 L9 7.4", "1 M9 1.25", "2 L9 7.95");
    }

    @Test
    void everyMistakeIsNamedAndNothingOfTheDocumentIsLoaded() {
        String mistaken = """
                legalEntities:
                  - code: US-RETAIL
                    name: Retailer Inc.
                    currency: USD
                    timeZone: America/New_York
                    vendors:
                      - code: V8
                        agreements:
                          - version: 1
                            reference: SBA-V8-1
                            effectiveFrom: 2026-01-01T00:00:00Z
                            currency: GBX
                            taxRate: "20"
                            settlementPeriod: WEEKLY
                            timeZone: Europe/Londn
                            returnWindowHours: -1
                            prices:
                              - {sku: L8, unitPrice: "-2.00"}
                              - {sku: M8, unitPrice: "100000000000000000000"}
                              - {sku: N8}
                              - {sku: Q8, unitPrice: "1.00"}
                    items:
                      - {sku: L8, vendor: V7}
                      - {sku: M8}
                      - {sku: N8}
                    channelAccounts:
                      - {channel: shopify, account: v8-shop, location: NOWHERE}
                """;

        ApiClient.Answer answer = api.post("/api/catalog", mistaken);

        assertThat(answer.status()).isEqualTo(400);
        String agreement = "legalEntities[0].vendors[0].agreements[0]";
        assertThat(problems(answer)).containsExactly(
                "legalEntities[0].vendors[0].name: is missing",
                "legalEntities[0].vendors[0].taxRegistration: is missing",
                agreement + ".currency: 'GBX' is not an ISO 4217 currency code (GBP, EUR, USD)",
                agreement + ".taxRate: must be a fraction from 0 to below 1 with at most four"
                        + " decimals (0.20 for 20%), not 20",
                agreement + ".settlementPeriod: 'WEEKLY' is not one of [MONTHLY, PER_SHIPMENT]",
                agreement + ".timeZone: 'Europe/Londn' is not a time zone (Europe/London, UTC)",
                agreement + ".returnWindowHours: must be a number of hours from 0 (720 for 30"
                        + " days), not -1",
                agreement + ".prices[0].unitPrice: must not be negative, not -2.00",
                agreement + ".prices[1].unitPrice: 100000000000000000000 is too large (at most"
                        + " 99999999.9999)",
                agreement + ".prices[2].unitPrice: is missing",
                agreement + ".prices[3].sku: no item Q8 in this legal entity",
                "legalEntities[0].items[0].vendor: no vendor V7 in this legal entity",
                "legalEntities[0].channelAccounts[0].location: no location NOWHERE in this"
                        + " legal entity");
        assertThat(api.get("/api/vendors").text()).doesNotContain("V8");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithItsPlaceAndLine() {
        ApiClient.Answer answer = api.post("/api/catalog",
                LANTERNS.formatted("seven forty"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(problems(answer)).containsExactly(
                "legalEntities[0].vendors[0].agreements[0].prices[0].unitPrice: 'seven forty'"
                        + " is not a decimal number (line 20)");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotTakenAtItsLastValue() {
        ApiClient.Answer answer = api.post("/api/catalog", LANTERNS.formatted("7.40")
                .replace("taxRate: \"0.07\"\n", "taxRate: \"0.07\"\n"
                        + "            taxRate: \"0.70\"\n"));

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(problems(answer)).singleElement().asString().contains("taxRate");
        assertThat(api.get("/api/vendors").text()).doesNotContain("V9");
    }

    @Test
    void textThatIsNotYamlIsRefusedWithItsLine() {
        ApiClient.Answer answer = api.post("/api/catalog",
                "legalEntities:\n  - code: \"US-RETAIL\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(problems(answer)).singleElement().asString()
                .isEqualTo(": not readable as YAML: while scanning a quoted scalar at line 2,"
                        + " column 11: found unexpected end of stream at line 3, column 1");
        assertThat(api.post("/api/catalog", "").status()).isEqualTo(400);
    }

    private List<String> prices(String vendor) {
        List<String> prices = new ArrayList<>();
        for (JsonNode price : api.get("/api/agreements/" + vendor + "/prices").json()) {
            prices.add(price.get("version").asText() + " " + price.get("sku").asText() + " "
                    + price.get("unit_price").decimalValue().stripTrailingZeros()
                            .toPlainString());
        }
        return prices;
    }

    private static List<String> problems(ApiClient.Answer answer) {
        List<String> problems = new ArrayList<>();
        for (JsonNode problem : answer.json().get("problems")) {
            problems.add(problem.get("field").asText() + ": " + problem.get("reason").asText());
        }
        return problems;
    }
}
