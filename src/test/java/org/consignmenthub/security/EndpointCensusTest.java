package org.consignmenthub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.IntakeClient;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the hub serves (Spring MVC controllers, actuator endpoints and Camel
 * REST routes) either is on the explicit public list below or turns an anonymous caller
 * away. Every endpoint that serves one vendor's data must be declared in
 * {@link #VENDOR_BOUNDARIES} with a check that vendor V1's credentials cannot reach
 * vendor V2's data. A new endpoint cannot escape either rule.
 */
class EndpointCensusTest extends HubIntegrationTest {

    /** Reachable without credentials, each for a reason. */
    static final Set<String> PUBLIC = Set.of(
            // the sign-in page itself
            "GET /login",
            // the framework's error answer, reached only by forwarding
            "GET /error", "POST /error", "PUT /error", "DELETE /error", "PATCH /error",
            "HEAD /error", "OPTIONS /error",
            // liveness and readiness for the platform
            "GET /actuator/health", "GET /actuator/health/**",
            // the route checks the shop's signature of the body before storing anything
            "POST /intake/shopify/{account}",
            // the vendor API's OpenAPI description and its browser page: no data
            "GET /v3/api-docs", "GET /v3/api-docs.yaml", "GET /v3/api-docs/{group}",
            "GET /v3/api-docs/swagger-config", "GET /swagger-ui.html",
            // the route checks the store's shared secret header before storing anything
            "POST /intake/bigcommerce/{account}",
            // the route checks the store's signature of the body before storing anything
            "POST /intake/woocommerce/{account}");

    /**
     * One line per endpoint that touches a single vendor's data: V1's API key calls
     * {@code pathForV2} (which names or selects vendor V2's data) and the answer must pass
     * {@code refused}. Add yours here when you add such an endpoint.
     */
    static final List<VendorBoundary> VENDOR_BOUNDARIES = List.of(
            new VendorBoundary("POST", "/intake/vendors/{vendor}/stock",
                    "/intake/vendors/V2/stock", "{\"reports\":[{\"reportId\":\"B-1\","
                            + "\"sku\":\"D\",\"location\":\"L1\",\"kind\":\"RECEIPT\","
                            + "\"quantity\":1}]}",
                    answer -> answer.status() == 403),
            // Vendor portal: the vendor is the signed-in party's; a vendor named in the
            // request is ignored, and another vendor's ids are unknown.
            portalPage("/portal"), portalPage("/portal/"), portalPage("/portal/stock-update"),
            portalPage("/portal/transfers"), portalPage("/portal/documents"),
            portalPage("/portal/counts"),
            portalRead("/portal/api/me"), portalRead("/portal/api/stock"),
            portalRead("/portal/api/stock/updates"), portalRead("/portal/api/transfers"),
            portalRead("/portal/api/documents"), portalRead("/portal/api/cases"),
            portalUnknown("GET", "/portal/api/stock/updates/{inboundId}",
                    "/portal/api/stock/updates/1"),
            portalUnknown("GET", "/portal/api/transfers/{id}", "/portal/api/transfers/1"),
            portalUnknown("GET", "/portal/api/documents/{number}",
                    "/portal/api/documents/SBI-US-RETAIL-V2-000001"),
            portalUnknown("GET", "/portal/api/documents/{number}/pdf",
                    "/portal/api/documents/SBI-US-RETAIL-V2-000001/pdf"),
            portalUnknown("GET", "/portal/api/cases/{id}", "/portal/api/cases/1"),
            portalUnknown("POST", "/portal/api/cases/{id}/accept", "/portal/api/cases/1/accept"),
            portalUnknown("POST", "/portal/api/cases/{id}/dispute",
                    "/portal/api/cases/1/dispute"),
            portalUnknown("POST", "/portal/api/cases/{id}/recount",
                    "/portal/api/cases/1/recount"),
            // Bad on purpose, so that they are refused while being mapped and leave no
            // batch behind; the census then checks nothing was stored for V2.
            new VendorBoundary("POST", "/portal/api/stock/reports", "/portal/api/stock/reports",
                    "{\"vendor\":\"V2\",\"kind\":\"NONE\",\"sku\":\"D\","
                            + "\"location\":\"L1\",\"quantity\":\"1\"}",
                    answer -> answer.status() == 202
                            && answer.json().path("refusals").size() == 1),
            new VendorBoundary("POST", "/portal/api/stock/files",
                    "/portal/api/stock/files?name=../V2/stock.csv",
                    "sku,location,qty_available\nD,L1,many\n",
                    answer -> answer.status() == 202
                            && answer.json().path("sourceRef").asText()
                                    .startsWith("vendor-stock/V1/")),
            new VendorBoundary("POST", "/portal/api/counts", "/portal/api/counts",
                    "{\"reference\":\"V2\",\"sheet\":\"location,sku,counted_qty,counted_at"
                            + "\\nL1,D,1,2026-12-03T18:00:00Z\"}",
                    answer -> answer.status() == 400
                            && answer.text().contains("NOT_VENDORS_SKU")),
            // The vendor API: the vendor comes from the credentials. Ids of V2's records
            // answer 404 (real V2 records are tried in the vendor package's tests); lists
            // asked for V2 answer V1's own (here empty) rows; a body naming V2 is stored
            // under V1 (the check below finds no inbound message of V2). Last in the list:
            // what V1 makes here takes ids the checks above and below do not ask for.
            // Bad on purpose (no such kind), refused while mapped: no batch is left behind.
            vendorApi("POST", "/stock", "/stock?vendor=V2", "{\"vendor\":\"V2\","
                    + "\"reports\":[{\"reportId\":\"B-2\",\"sku\":\"D\","
                    + "\"location\":\"L1\",\"kind\":\"NONE\",\"quantity\":1}]}",
                    answer -> answer.status() == 202
                            && answer.text().contains("\"rejected\":1")),
            ownRowsOnly("/positions", "/positions?vendor=V2&sku=D"),
            ownRowsOnly("/movements", "/movements?vendor=V2"),
            ownRowsOnly("/title-transfers", "/title-transfers?vendor=V2"),
            ownRowsOnly("/invoices", "/invoices?vendor=V2"),
            ownRowsOnly("/credit-notes", "/credit-notes?vendor=V2"),
            ownRowsOnly("/balance", "/balance?vendor=V2"),
            ownRowsOnly("/shipment-notices", "/shipment-notices?vendor=V2"),
            ownRowsOnly("/discrepancies", "/discrepancies?vendor=V2"),
            ownRowsOnly("/webhooks", "/webhooks?vendor=V2"),
            unknownToV1("GET", "/invoices/{id}", "/invoices/1"),
            unknownToV1("GET", "/credit-notes/{id}", "/credit-notes/1"),
            unknownToV1("GET", "/shipment-notices/{id}", "/shipment-notices/1"),
            unknownToV1("POST", "/shipment-notices/{id}/receipts",
                    "/shipment-notices/1/receipts"),
            vendorApi("POST", "/shipment-notices", "/shipment-notices?vendor=V2",
                    "{\"noticeRef\":\"B-3\",\"location\":\"L1\","
                            + "\"lines\":[{\"sku\":\"D\",\"quantity\":1}]}",
                    answer -> answer.status() == 400
                            && answer.text().contains("UNKNOWN_SKU")),
            unknownToV1("GET", "/discrepancies/{id}", "/discrepancies/1"),
            unknownToV1("POST", "/discrepancies/{id}/accept", "/discrepancies/1/accept"),
            unknownToV1("POST", "/discrepancies/{id}/dispute", "/discrepancies/1/dispute"),
            unknownToV1("POST", "/discrepancies/{id}/recount", "/discrepancies/1/recount"),
            vendorApi("POST", "/webhooks", "/webhooks?vendor=V2",
                    "{\"url\":\"http://127.0.0.1:9/census\",\"events\":[\"stock.changed\"]}",
                    answer -> answer.status() == 201 && !answer.text().contains("V2")),
            unknownToV1("GET", "/webhooks/{id}", "/webhooks/999999"),
            unknownToV1("DELETE", "/webhooks/{id}", "/webhooks/999999"),
            unknownToV1("GET", "/webhooks/{id}/deliveries", "/webhooks/999999/deliveries"));

    /** A portal page shows the calling vendor only, whatever vendor the request names. */
    private static VendorBoundary portalPage(String path) {
        return new VendorBoundary("GET", path, path + "?vendor=V2",
                null, answer -> answer.status() == 200 && answer.text().contains("Vendor V1")
                        && !answer.text().contains("Vendor V2"));
    }

    /** A portal read answers for the calling vendor, whatever vendor the request names. */
    private static VendorBoundary portalRead(String path) {
        return new VendorBoundary("GET", path, path + "?vendor=V2", null,
                answer -> answer.status() == 200
                        && answer.json().path("vendor").asText().equals("V1"));
    }

    /** Another vendor's record, by id, is unknown to the caller. */
    private static VendorBoundary portalUnknown(String method, String pattern, String path) {
        return new VendorBoundary(method, pattern, path,
                method.equals("POST") ? "{\"reason\":\"not mine\"}" : null,
                answer -> answer.status() == 404);
    }

    /** A vendor API call as V1, by its API key. */
    private static VendorBoundary vendorApi(String method, String pattern, String pathForV2,
            String body, Predicate<ApiClient.Answer> refused) {
        return new VendorBoundary(method, "/api/v1/vendor" + pattern,
                "/api/v1/vendor" + pathForV2, body, refused);
    }

    /** A list asked for V2 answers V1's own rows, none in the census. */
    private static VendorBoundary ownRowsOnly(String pattern, String pathForV2) {
        return vendorApi("GET", pattern, pathForV2, "", answer -> answer.status() == 200
                && answer.text().equals("[]"));
    }

    /** Another vendor's id, here one nobody holds, is unknown to the caller. */
    private static VendorBoundary unknownToV1(String method, String pattern,
            String pathForV2) {
        return vendorApi(method, pattern, pathForV2, "{\"reason\":\"census\"}",
                answer -> answer.status() == 404 && !answer.text().contains("V2"));
    }

    /** A vendor boundary check: see {@link #VENDOR_BOUNDARIES}. */
    record VendorBoundary(String method, String pattern, String pathForV2, String body,
            Predicate<ApiClient.Answer> refused) {

        String endpoint() {
            return method + " " + pattern;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext spring;

    @Autowired
    CamelContext camel;

    @Test
    void everyEndpointIsPublicByNameOrRefusesAnAnonymousCaller() throws Exception {
        Set<String> endpoints = endpoints();
        List<String> open = new ArrayList<>();

        for (String endpoint : endpoints) {
            if (PUBLIC.contains(endpoint)) {
                continue;
            }
            HttpResponse<String> answer = anonymous(endpoint);
            boolean toLogin = answer.statusCode() == 302 && answer.headers()
                    .firstValue("Location").orElse("").endsWith("/login");
            if (answer.statusCode() != 401 && !toLogin) {
                open.add(endpoint + " answered " + answer.statusCode());
            }
        }

        assertThat(endpoints).as("the census found the hub's endpoints")
                .contains("GET /api/dead-letters", "POST /api/admin/api-keys",
                        "POST /intake/vendors/{vendor}/stock", "GET /actuator/info",
                        "POST /intake/shopify/{account}");
        assertThat(open).as("endpoints open to anonymous callers").isEmpty();
    }

    @Test
    void everyVendorEndpointIsDeclaredAndKeepsVendorsApart() throws Exception {
        Set<String> declared = new TreeSet<>();
        VENDOR_BOUNDARIES.forEach(boundary -> declared.add(boundary.endpoint()));
        Set<String> vendorEndpoints = new TreeSet<>();
        for (String endpoint : endpoints()) {
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            // The only paths a vendor party is let through to (SecurityConfiguration).
            if (path.startsWith("/api/v1/vendor") || path.startsWith("/portal")
                    || path.startsWith("/intake/vendors/")) {
                vendorEndpoints.add(endpoint);
            }
        }

        assertThat(declared).as("vendor endpoints with a boundary check")
                .containsAll(vendorEndpoints);
        for (VendorBoundary boundary : VENDOR_BOUNDARIES) {
            ApiClient.Answer answer = callAsV1(boundary);
            assertThat(boundary.refused().test(answer))
                    .as(boundary.endpoint() + " as V1 on V2's data answered " + answer.status()
                            + " " + answer.text()).isTrue();
        }
        assertThat(books.jdbc().queryForObject(
                "select count(*) from inbound_message where account = 'V2'", Long.class))
                .isZero();
    }

    private ApiClient.Answer callAsV1(VendorBoundary boundary) throws Exception {
        if (boundary.method().equals("GET")) {
            return ApiClient.withApiKey(port, TestCredentials.V1_API_KEY)
                    .get(boundary.pathForV2());
        }
        if (boundary.method().equals("DELETE")) {
            HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + boundary.pathForV2()))
                    .header("X-Api-Key", TestCredentials.V1_API_KEY).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Answer(deleted.statusCode(),
                    deleted.body().getBytes(StandardCharsets.UTF_8));
        }
        IntakeClient.Answer posted = IntakeClient.withApiKey(port, TestCredentials.V1_API_KEY)
                .post(boundary.pathForV2(), boundary.body().getBytes(StandardCharsets.UTF_8));
        return new ApiClient.Answer(posted.status(),
                posted.body().getBytes(StandardCharsets.UTF_8));
    }

    private Set<String> endpoints() {
        return endpoints(spring, camel);
    }

    /** "METHOD pattern" of every endpoint: MVC and actuator mappings, Camel REST routes. */
    static Set<String> endpoints(ApplicationContext spring, CamelContext camel) {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : spring.getBeansOfType(
                RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        for (RequestMethod method : RequestMethod.values()) {
                            if (method != RequestMethod.TRACE) {
                                endpoints.add(method + " " + pattern);
                            }
                        }
                    } else {
                        methods.forEach(method -> endpoints.add(method + " " + pattern));
                    }
                }
            }
        }
        PlatformHttpComponent http = camel.getComponent("platform-http",
                PlatformHttpComponent.class);
        for (HttpEndpointModel model : http.getHttpEndpoints()) {
            String verbs = model.getVerbs() == null ? "GET,POST,PUT,DELETE" : model.getVerbs();
            for (String verb : verbs.split(",")) {
                endpoints.add(verb.trim().toUpperCase() + " " + model.getUri());
            }
        }
        return endpoints;
    }

    private HttpResponse<String> anonymous(String endpoint) throws Exception {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1)
                .replaceAll("\\{[^}]*}", "census").replace("**", "census")
                .replace("*", "census");
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("HEAD")
                || method.equals("OPTIONS") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}");
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }
}
