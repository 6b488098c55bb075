package org.consignmenthub.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class VendorApiDescriptionTest extends HubIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void theHubServesAnOpenApiDescriptionOfTheVendorApiWithItsSecuritySchemes() {
        ApiClient.Answer answer = ApiClient.anonymous(port).get("/v3/api-docs");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode spec = answer.json();
        assertThat(spec.path("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        spec.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/vendor/stock", "/api/v1/vendor/positions",
                "/api/v1/vendor/movements", "/api/v1/vendor/shipment-notices",
                "/api/v1/vendor/shipment-notices/{id}/receipts",
                "/api/v1/vendor/title-transfers", "/api/v1/vendor/invoices/{id}",
                "/api/v1/vendor/credit-notes/{id}", "/api/v1/vendor/balance",
                "/api/v1/vendor/discrepancies/{id}/dispute", "/api/v1/vendor/webhooks");
        assertThat(paths).allMatch(path -> path.startsWith("/api/v1/vendor/"));
        JsonNode schemes = spec.path("components").path("securitySchemes");
        assertThat(schemes.path("apiKey").path("name").asText()).isEqualTo("X-Api-Key");
        assertThat(schemes.path("bearer").path("flows").path("clientCredentials")
                .path("tokenUrl").asText()).isEqualTo("/oauth2/token");
        List<String> stockHeaders = new ArrayList<>();
        spec.path("paths").path("/api/v1/vendor/shipment-notices").path("post")
                .path("parameters").forEach(p -> stockHeaders.add(p.path("name").asText()));
        assertThat(stockHeaders).contains("Idempotency-Key");
    }
}
