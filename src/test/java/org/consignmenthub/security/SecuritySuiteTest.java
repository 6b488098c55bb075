package org.consignmenthub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.consignmenthub.canonical.EventKey;
import org.consignmenthub.canonical.OrderLine;
import org.consignmenthub.canonical.OrderPlaced;
import org.consignmenthub.canonical.SaleCompleted;
import org.consignmenthub.canonical.ShipmentConfirmed;
import org.consignmenthub.canonical.VendorStockReported;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.AntPathMatcher;

/**
 * The security promise checked over every endpoint and page the census finds, so that a new
 * one is covered the day it is added: nobody without valid credentials gets anything,
 * vendor V1 never sees vendor V2's data, each staff role reaches what README's table of
 * staff roles says and nothing more, and no vendor party reaches a staff endpoint.
 */
class SecuritySuiteTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}/]*)}|\\*\\*|\\*");
    private static final Pattern WORD_V2 = Pattern.compile("\\bV2\\b");
    private static final Pattern SKU_D_IN_MARKUP = Pattern.compile("[>\"']\\s*D\\s*[<\"']");
    private static final String README_POLICY_HEADER =
            "| staff endpoint | OPERATIONS | FINANCE | SUPPORT | ADMIN |";

    /** A user of each staff role, in the order of README's table columns. */
    private static final Map<String, String> STAFF_USER_OF_ROLE = new LinkedHashMap<>();

    static {
        STAFF_USER_OF_ROLE.put("OPERATIONS", TestCredentials.OPERATOR);
        STAFF_USER_OF_ROLE.put("FINANCE", TestCredentials.FINANCE);
        STAFF_USER_OF_ROLE.put("SUPPORT", TestCredentials.SUPPORT);
        STAFF_USER_OF_ROLE.put("ADMIN", TestCredentials.ADMIN);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext spring;

    @Autowired
    CamelContext camel;

    @Autowired
    JWKSource<SecurityContext> signingKeys;

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ApiClient admin;
    private Set<String> endpoints;

    @BeforeEach
    void census() {
        admin = new ApiClient(port, TestCredentials.ADMIN);
        endpoints = EndpointCensusTest.endpoints(spring, camel);
        assertThat(endpoints).as("the census found the hub's endpoints")
                .contains("GET /api/summary", "GET /ops/", "POST /intake/vendors/{vendor}/stock",
                        "GET /actuator/info", "POST /api/admin/users");
    }

    @Test
    void noBadCredentialGetsAnythingFromAnyEndpoint() throws Exception {
        Map<String, Map<String, String>> bad = badCredentials();
        List<String> answered = new ArrayList<>();
        int calls = 0;

        for (String endpoint : endpoints) {
            if (EndpointCensusTest.PUBLIC.contains(endpoint)) {
                continue;
            }
            String path = fill(pathOf(endpoint), "census");
            for (Map.Entry<String, Map<String, String>> credential : bad.entrySet()) {
                Reply reply = call(methodOf(endpoint), path, credential.getValue());
                calls++;
                if (!reply.refusesTheCaller()) {
                    answered.add(endpoint + " with " + credential.getKey() + " answered "
                            + reply);
                }
            }
        }

        assertThat(calls).as("calls made").isGreaterThan(bad.size() * 40);
        assertThat(answered).as("answers to bad or missing credentials").isEmpty();
    }

    @Test
    void vendorOneNeverSeesVendorTwosDataOnAnyGetEndpoint() throws Exception {
        Map<String, String> ofV2 = seedVendorTwo();
        // Row ids are numbers any answer may hold; they only fill path variables.
        Set<String> identifiers = new LinkedHashSet<>(ofV2.values());
        identifiers.removeIf(identifier -> identifier.matches("\\d+"));
        identifiers.addAll(List.of("V2", "D", "Saucer", "Vendor Two", "US-V2-TAX", "SBA-V2-1",
                TestCredentials.V2_PORTAL_USER, TestCredentials.V2_CLIENT, "chk_00000002"));

        List<String> seenByV1 = v2DataSeenBy(vendorOneCredentials(), ofV2, identifiers);
        List<String> seenByStaff = v2DataSeenBy(Map.of("an administrator",
                basic(TestCredentials.ADMIN, TestCredentials.secretOf(TestCredentials.ADMIN))),
                ofV2, identifiers);

        assertThat(seenByV1).as("answers to vendor V1 that carry vendor V2's data").isEmpty();
        assertThat(String.join("\n", seenByStaff)).as("the scan finds V2's data where staff"
                + " may see it").contains("GET /api/billing/documents?vendor=V2",
                        "GET /api/reconciliation/cases", "GET /api/items/D",
                        ofV2.get("number"));
    }

    /**
     * Every GET endpoint called by each caller, its path variables filled from V2's
     * identifiers, with and without a query naming V2: the answers that showed V2's data.
     */
    private List<String> v2DataSeenBy(Map<String, Map<String, String>> callers,
            Map<String, String> ofV2, Set<String> identifiers) {
        List<String> seen = new ArrayList<>();
        int calls = 0;

        for (String endpoint : endpoints) {
            if (!methodOf(endpoint).equals("GET")) {
                continue;
            }
            for (String path : pathsNaming(pathOf(endpoint), ofV2)) {
                for (String query : List.of("", "?vendor=V2&sku=D&account=V2")) {
                    for (Map.Entry<String, Map<String, String>> caller : callers.entrySet()) {
                        Reply reply = call("GET", path + query, caller.getValue());
                        calls++;
                        List<String> found = reply.mentions(identifiers, path + query);
                        if (!found.isEmpty()) {
                            seen.add("GET " + path + query + " as " + caller.getKey()
                                    + " showed " + found + ": " + reply);
                        }
                    }
                }
            }
        }

        assertThat(calls).as("calls made").isGreaterThan(50);
        return seen;
    }

    @Test
    void eachStaffRoleReachesWhatReadmesTableSaysAndNothingElse() throws Exception {
        List<PolicyRow> policy = readmePolicy();
        Map<String, List<String>> expected = new TreeMap<>();
        Map<String, List<String>> actual = new TreeMap<>();
        List<String> refusedCredentials = new ArrayList<>();

        for (String endpoint : endpoints) {
            if (!isStaffEndpoint(pathOf(endpoint))) {
                continue;
            }
            expected.put(endpoint, rolesFor(endpoint, policy));
            List<String> reached = new ArrayList<>();
            for (Map.Entry<String, String> role : STAFF_USER_OF_ROLE.entrySet()) {
                Reply reply = call(methodOf(endpoint), fill(pathOf(endpoint), "census"),
                        basic(role.getValue(), TestCredentials.secretOf(role.getValue())));
                if (reply.status() == 401) {
                    refusedCredentials.add(endpoint + " as " + role.getKey());
                } else if (!reply.isForbidden()) {
                    reached.add(role.getKey());
                }
            }
            actual.put(endpoint, reached);
        }

        assertThat(refusedCredentials).as("staff credentials refused").isEmpty();
        assertThat(actual).as("roles that reach each staff endpoint (README's table)")
                .hasSizeGreaterThan(30).isEqualTo(expected);
    }

    @Test
    void vendorPartiesAreRefusedOnEveryStaffEndpoint() throws Exception {
        Map<String, Map<String, String>> v1 = vendorOneCredentials();
        List<String> reached = new ArrayList<>();
        int checked = 0;

        for (String endpoint : endpoints) {
            String path = pathOf(endpoint);
            boolean otherIntake = path.startsWith("/intake/")
                    && !path.startsWith("/intake/vendors/")
                    && !EndpointCensusTest.PUBLIC.contains(endpoint);
            if (!isStaffEndpoint(path) && !otherIntake || path.startsWith("/api/v1/vendor")
                    || path.startsWith("/actuator/health")) {
                continue;
            }
            checked++;
            for (Map.Entry<String, Map<String, String>> caller : v1.entrySet()) {
                Reply reply = call(methodOf(endpoint), fill(path, "census"), caller.getValue());
                if (reply.status() != 403 || !reply.isRefusal()) {
                    reached.add(endpoint + " as " + caller.getKey() + " answered " + reply);
                }
            }
        }

        assertThat(checked).as("staff endpoints checked").isGreaterThan(30);
        assertThat(reached).as("staff endpoints that let a vendor party in").isEmpty();
    }

    // --- the parties calling -------------------------------------------------------------

    /** Credentials that must get nothing anywhere, by what is wrong with them. */
    private Map<String, Map<String, String>> badCredentials() throws Exception {
        String v1Token = token(TestCredentials.V1_CLIENT,
                TestCredentials.secretOf(TestCredentials.V1_CLIENT));
        String[] parts = v1Token.split("\\.");
        String payload = decode(parts[1]);
        assertThat(payload).contains("\"vendor\":\"V1\"");
        String forged = encode(payload.replace("\"vendor\":\"V1\"",
                "\"vendor\":\"V2\",\"roles\":[\"ADMIN\"]"));

        JsonNode key = admin.post("/api/admin/api-keys", "{\"vendor\":\"V1\",\"label\":\"suite\"}")
                .json();
        assertThat(vendorProbe(apiKey(key.get("key").asText()))).isEqualTo(404);
        admin.post("/api/admin/api-keys/" + key.get("prefix").asText() + "/revoke");
        JsonNode client = admin.post("/api/admin/clients", "{\"vendor\":\"V1\"}").json();
        String clientToken = token(client.get("clientId").asText(),
                client.get("secret").asText());
        assertThat(vendorProbe(bearer(clientToken))).isEqualTo(404);
        admin.post("/api/admin/clients/" + client.get("clientId").asText() + "/revoke");
        String disabledUser = "suite-disabled-" + System.nanoTime();
        assertThat(admin.post("/api/admin/users", "{\"username\":\"" + disabledUser
                + "\",\"password\":\"a long enough password\",\"kind\":\"VENDOR\","
                + "\"vendor\":\"V1\"}").status()).isEqualTo(201);
        Map<String, String> disabledSession = session(disabledUser, "a long enough password");
        assertThat(call("GET", "/portal/", disabledSession).status())
                .as("the session passes the access check before the user is disabled")
                .isNotIn(302, 401, 403);
        admin.post("/api/admin/users/" + disabledUser + "/disable");

        Map<String, Map<String, String>> bad = new LinkedHashMap<>();
        bad.put("no credentials", Map.of());
        bad.put("an expired token", bearer(mint(Instant.now().minusSeconds(60))));
        bad.put("a revoked API key", apiKey(key.get("key").asText()));
        bad.put("a revoked client's token", bearer(clientToken));
        bad.put("a token with a changed payload", bearer(parts[0] + "." + forged + "."
                + parts[2]));
        bad.put("a token without its signature", bearer(parts[0] + "." + parts[1] + "."));
        bad.put("an unsigned token (alg none)", bearer(encode("{\"alg\":\"none\"}") + "."
                + forged + "."));
        bad.put("V1's key prefix with a wrong secret",
                apiKey("chk_00000001.not-the-secret-of-this-key"));
        bad.put("an unknown API key", apiKey("chk_0000fe01.no-such-key-anywhere-at-all"));
        bad.put("a disabled portal user over Basic", basic(disabledUser,
                "a long enough password"));
        bad.put("a disabled portal user's session", disabledSession);
        bad.put("a staff user with a wrong password", basic(TestCredentials.ADMIN, "wrong"));
        return bad;
    }

    /** Vendor V1 as each kind of party it can be. */
    private Map<String, Map<String, String>> vendorOneCredentials() throws Exception {
        Map<String, Map<String, String>> v1 = new LinkedHashMap<>();
        v1.put("V1's API key", apiKey(TestCredentials.V1_API_KEY));
        v1.put("V1's token", bearer(token(TestCredentials.V1_CLIENT,
                TestCredentials.secretOf(TestCredentials.V1_CLIENT))));
        v1.put("V1's portal user over Basic", basic(TestCredentials.V1_PORTAL_USER,
                TestCredentials.secretOf(TestCredentials.V1_PORTAL_USER)));
        v1.put("V1's portal session", session(TestCredentials.V1_PORTAL_USER,
                TestCredentials.secretOf(TestCredentials.V1_PORTAL_USER)));
        return v1;
    }

    private int vendorProbe(Map<String, String> credential) {
        return call("GET", "/api/v1/vendor/suite-probe", credential).status();
    }

    private static Map<String, String> apiKey(String key) {
        return Map.of("X-Api-Key", key);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> basic(String username, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** Signs in at /login as a browser would and gives the session's cookie. */
    private Map<String, String> session(String username, String password) throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri("/login")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("CSRF field on the sign-in page").isTrue();

        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + form(username)
                        + "&password=" + form(password) + "&_csrf=" + form(csrf.group(1))))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(signedIn.headers().firstValue("Location").orElse(""))
                .as("signed in as " + username).endsWith("/portal/");
        HttpCookie sessionCookie = cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("JSESSIONID")).findFirst()
                .orElseThrow();
        return Map.of("Cookie", "JSESSIONID=" + sessionCookie.getValue());
    }

    private String token(String clientId, String secret) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Authorization", basic(clientId, secret).get("Authorization"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).get("access_token").asText();
    }

    /** A token signed with the hub's own key, naming V1, that expires at {@code at}. */
    private String mint(Instant at) {
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(TestCredentials.V1_CLIENT)
                .issuedAt(at.minusSeconds(900)).expiresAt(at).claim("vendor", "V1").build();
        return new NimbusJwtEncoder(signingKeys).encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).build(), claims)).getTokenValue();
    }

    // --- vendor V2's data ----------------------------------------------------------------

    /**
     * Stock of V2's SKU D reported by V2 itself, four saucers sold and shipped (a title
     * transfer and a self-billing invoice, V2 settling per shipment), and a count that
     * finds one saucer of six (a discrepancy case). V1 reports stock of its own too, so
     * that its answers are not empty. Gives V2's identifiers by the path variable they fill.
     */
    private Map<String, String> seedVendorTwo() {
        books.apply(stockReport("V2", "D", 10), stockReport("V1", "A", 7));
        assertThat(books.onHand("V2", "D", "L1")).isEqualTo(10);

        OrderLine saucers = new OrderLine("1", "D", 4, new BigDecimal("19.99"), "L1");
        Instant sold = Instant.now().minus(Duration.ofHours(2));
        books.apply(new OrderPlaced(key("OrderPlaced", "SUITE-V2-O1"), "SUITE-V2-O1",
                        "C-SUITE-V2", "USD", sold, List.of(saucers)),
                new SaleCompleted(key("SaleCompleted", "SUITE-V2-O1"), "SUITE-V2-O1",
                        "C-SUITE-V2", "USD", sold, List.of(saucers)),
                new ShipmentConfirmed(key("ShipmentConfirmed", "SUITE-V2-S1"), "SUITE-V2-O1",
                        "SUITE-V2-S1", sold.plusSeconds(600), List.of(saucers)));
        String caseId = countOneSaucer();

        Map<String, String> ofV2 = new LinkedHashMap<>();
        ofV2.put("vendor", "V2");
        ofV2.put("account", "V2");
        ofV2.put("sku", "D");
        ofV2.put("number", books.jdbc().queryForObject(
                "select number from billing_document where vendor = 'V2'", String.class));
        ofV2.put("transfer", String.valueOf(books.jdbc().queryForObject(
                "select id from title_transfer where vendor = 'V2'", Long.class)));
        ofV2.put("case", caseId);
        ofV2.put("orderRef", "SUITE-V2-O1");
        ofV2.put("shipmentRef", "SUITE-V2-S1");
        ofV2.put("reportId", "SUITE-V2-R1");
        ofV2.put("username", TestCredentials.V2_PORTAL_USER);
        ofV2.put("clientId", TestCredentials.V2_CLIENT);
        ofV2.put("prefix", "chk_00000002");
        return ofV2;
    }

    private String countOneSaucer() {
        ApiClient operations = new ApiClient(port);
        long session = operations.post("/api/reconciliation/sessions",
                "{\"legalEntity\":\"US-RETAIL\",\"reference\":\"SUITE-COUNT\","
                        + "\"counter\":\"scanner-9\"}").json().path("id").asLong();
        ApiClient.Answer line = operations.post("/api/reconciliation/sessions/" + session
                + "/lines", "{\"lines\":[{\"lineRef\":\"1\",\"location\":\"L1\",\"sku\":\"D\","
                + "\"countedQty\":1,\"countedAt\":\"" + Instant.now().minusSeconds(60) + "\"}]}");
        assertThat(line.status()).as(line.text()).isEqualTo(200);
        ApiClient.Answer submitted = operations.post("/api/reconciliation/sessions/" + session
                + "/submit", "");
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
        return String.valueOf(books.jdbc().queryForObject(
                "select id from discrepancy_case where vendor = 'V2' and sku = 'D'", Long.class));
    }

    private static EventKey key(String type, String externalId) {
        return new EventKey("US-RETAIL", "cases", "default", type, externalId, 0);
    }

    /** A receipt the vendor reports of its own stock at L1. */
    private static VendorStockReported stockReport(String vendor, String sku, long quantity) {
        String reportId = "SUITE-" + vendor + "-R1";
        return new VendorStockReported(new EventKey("US-RETAIL", "vendor-stock", vendor,
                "VendorStockReported", reportId, 0), vendor, "L1", sku,
                VendorStockReported.Kind.RECEIPT, quantity, reportId,
                Instant.now().minus(Duration.ofDays(3)));
    }

    /**
     * The path with its variables filled from V2's identifiers: a variable named after one
     * takes it, any other takes each identifier in turn.
     */
    private static Set<String> pathsNaming(String pattern, Map<String, String> ofV2) {
        Set<String> paths = new LinkedHashSet<>();
        for (String anyOther : new LinkedHashSet<>(ofV2.values())) {
            Matcher variable = PATH_VARIABLE.matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (variable.find()) {
                String name = variable.group(1);
                String value = name != null && ofV2.containsKey(name) ? ofV2.get(name) : anyOther;
                variable.appendReplacement(path, Matcher.quoteReplacement(value));
            }
            variable.appendTail(path);
            paths.add(path.toString());
        }
        return paths;
    }

    // --- the staff policy ----------------------------------------------------------------

    /** One row of README's table of staff roles: its paths and the roles it lets through. */
    private record PolicyRow(List<String> endpoints, List<String> roles) {

        boolean matches(String endpoint) {
            AntPathMatcher paths = new AntPathMatcher();
            String method = methodOf(endpoint);
            String path = pathOf(endpoint);
            return endpoints.stream().anyMatch(entry -> entry.startsWith("/")
                    ? paths.match(entry, path)
                    : entry.startsWith(method + " ") && paths.match(pathOf(entry), path));
        }
    }

    private static List<PolicyRow> readmePolicy() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int header = lines.indexOf(README_POLICY_HEADER);
        assertThat(header).as("README's table of staff roles").isNotNegative();
        List<String> roles = List.copyOf(STAFF_USER_OF_ROLE.keySet());
        List<PolicyRow> rows = new ArrayList<>();

        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            List<String> paths = new ArrayList<>();
            Matcher quoted = Pattern.compile("`([^`]+)`").matcher(cells[0]);
            while (quoted.find()) {
                paths.add(quoted.group(1));
            }
            List<String> allowed = new ArrayList<>();
            for (int role = 0; role < roles.size(); role++) {
                if (cells[role + 1].trim().equals("yes")) {
                    allowed.add(roles.get(role));
                }
            }
            rows.add(new PolicyRow(paths, allowed));
        }

        assertThat(rows).as("rows of README's table of staff roles").hasSizeGreaterThan(5);
        return rows;
    }

    private static List<String> rolesFor(String endpoint, List<PolicyRow> policy) {
        return policy.stream().filter(row -> row.matches(endpoint)).findFirst()
                .map(PolicyRow::roles)
                .orElseThrow(() -> new AssertionError(endpoint + " is on no row of README's"
                        + " table of staff roles"));
    }

    private static boolean isStaffEndpoint(String path) {
        return path.startsWith("/api/") || path.equals("/ops") || path.startsWith("/ops/")
                || path.startsWith("/actuator");
    }

    // --- calling -------------------------------------------------------------------------

    private static String methodOf(String endpoint) {
        return endpoint.substring(0, endpoint.indexOf(' '));
    }

    private static String pathOf(String endpoint) {
        return endpoint.substring(endpoint.indexOf(' ') + 1);
    }

    private static String fill(String pattern, String value) {
        return PATH_VARIABLE.matcher(pattern).replaceAll(value);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    /**
     * Calls without following redirects; a change carries an empty JSON object. An event
     * stream's body is not read: its status and headers tell what is needed.
     */
    private Reply call(String method, String path, Map<String, String> headers) {
        boolean withBody = !List.of("GET", "HEAD", "OPTIONS").contains(method);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, withBody ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (withBody) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);

        try {
            HttpResponse<InputStream> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream body = response.body()) {
                String text = type.startsWith("text/event-stream") ? ""
                        : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                return new Reply(response.statusCode(),
                        response.headers().firstValue("Location").orElse(""), text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** What an endpoint answered. */
    private record Reply(int status, String location, String body) {

        /** A refusal from the hub's security: {@code {reasonCode, reason}} and nothing else. */
        boolean isRefusal() {
            JsonNode json = json();
            return json != null && json.size() == 2 && json.has("reasonCode")
                    && json.has("reason");
        }

        boolean isForbidden() {
            return status == 403 && isRefusal()
                    && json().get("reasonCode").asText().equals("FORBIDDEN");
        }

        /** 401 with a refusal or no body, or a page's redirect to the sign-in page. */
        boolean refusesTheCaller() {
            if (status == 302) {
                return location.endsWith("/login") && body.isBlank();
            }
            return status == 401 && (body.isEmpty() || isRefusal() && List.of("NO_CREDENTIALS",
                    "BAD_CREDENTIALS").contains(json().get("reasonCode").asText()));
        }

        /**
         * The identifiers the body shows. An answer other than a success may repeat what
         * the request itself named (a refusal saying which path was refused): only what it
         * adds counts there.
         */
        List<String> mentions(Set<String> identifiers, String requested) {
            List<String> found = new ArrayList<>();
            JsonNode json = json();
            for (String identifier : identifiers) {
                boolean echo = status >= 300 && requested.contains(identifier);
                if (!echo && (json != null ? inJson(json, identifier)
                        : inText(body, identifier))) {
                    found.add(identifier);
                }
            }
            return found;
        }

        private static boolean inJson(JsonNode node, String identifier) {
            if (node.isValueNode()) {
                return inValue(node.asText(), identifier);
            }
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (inValue(field.getKey(), identifier) || inJson(field.getValue(), identifier)) {
                    return true;
                }
            }
            for (JsonNode element : node) {
                if (node.isArray() && inJson(element, identifier)) {
                    return true;
                }
            }
            return false;
        }

        /** A one-letter SKU is only itself when it is the whole value; V2 when a word. */
        private static boolean inValue(String value, String identifier) {
            if (identifier.length() == 1) {
                return value.equals(identifier);
            }
            if (identifier.equals("V2")) {
                return WORD_V2.matcher(value).find();
            }
            return value.contains(identifier);
        }

        private static boolean inText(String text, String identifier) {
            if (identifier.equals("D")) {
                return SKU_D_IN_MARKUP.matcher(text).find();
            }
            if (identifier.equals("V2")) {
                return WORD_V2.matcher(text).find();
            }
            return text.contains(identifier);
        }

        private JsonNode json() {
            if (body.isBlank() || !body.trim().startsWith("{") && !body.trim().startsWith("[")) {
                return null;
            }
            try {
                return JSON.readTree(body);
            } catch (IOException notJson) {
                return null;
            }
        }

        @Override
        public String toString() {
            String shown = body.length() > 300 ? body.substring(0, 300) + "..." : body;
            return status + (location.isEmpty() ? "" : " to " + location) + " " + shown;
        }
    }
}
