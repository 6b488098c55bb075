package org.consignmenthub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Signing in to the pages, staff roles on the operations API, and the audit log. */
class StaffAndPortalAccessTest extends HubIntegrationTest {

    private static final Pattern CSRF = Pattern.compile(
            "name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Test
    void portalUsersLandOnThePortalAndStaffOnTheDashboard() throws Exception {
        Browser vendor = new Browser();
        Browser staff = new Browser();

        HttpResponse<String> vendorLogin = vendor.signIn(TestCredentials.V1_PORTAL_USER,
                TestCredentials.secretOf(TestCredentials.V1_PORTAL_USER));
        HttpResponse<String> staffLogin = staff.signIn(TestCredentials.OPERATOR,
                TestCredentials.secretOf(TestCredentials.OPERATOR));

        assertThat(vendorLogin.statusCode()).isEqualTo(302);
        assertThat(location(vendorLogin)).endsWith("/portal/");
        assertThat(location(staffLogin)).endsWith("/ops/");
        assertThat(vendor.get("/portal/").statusCode()).isEqualTo(200);
        assertThat(vendor.get("/ops/").statusCode()).isEqualTo(403);
        assertThat(vendor.get("/ops/api/positions").statusCode()).isEqualTo(403);
        HttpResponse<String> dashboard = staff.get("/ops/");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Stock by location and SKU");
        assertThat(staff.get("/portal/").statusCode()).isEqualTo(403);
        assertThat(staff.get("/api/summary").statusCode()).isEqualTo(200);
        HttpResponse<String> withoutToken = staff.post("/api/billing/close", "");
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("CSRF_TOKEN_MISSING");
        assertThat(books.jdbc().queryForList("""
                select party_kind || ' ' || party_name || ' ' || coalesce(vendor, '-')
                from audit_log where path = '/login' and method = 'POST' order by id""",
                String.class)).containsExactly("VENDOR v1-portal V1", "STAFF test-operator -");
    }

    @Test
    void aWrongPasswordOrADisabledUserGoesBackToTheLoginPage() throws Exception {
        ApiClient admin = new ApiClient(port, TestCredentials.ADMIN);
        String username = "portal-" + System.nanoTime();
        ApiClient.Answer created = admin.post("/api/admin/users", "{\"username\":\"" + username
                + "\",\"password\":\"long-enough-password\",\"kind\":\"VENDOR\","
                + "\"vendor\":\"V2\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(location(new Browser().signIn(username, "long-enough-password")))
                .endsWith("/portal/");

        HttpResponse<String> wrong = new Browser().signIn(username, "not-the-password");
        admin.post("/api/admin/users/" + username + "/disable");
        HttpResponse<String> disabled = new Browser().signIn(username, "long-enough-password");

        assertThat(location(wrong)).endsWith("/login?error");
        assertThat(location(disabled)).endsWith("/login?error");
        assertThat(new Browser().get("/ops/").statusCode()).isEqualTo(302);
        assertThat(admin.post("/api/admin/users", "{\"username\":\"x-" + System.nanoTime()
                + "\",\"password\":\"short\",\"kind\":\"STAFF\",\"roles\":[\"SUPPORT\"]}")
                .json().get("field").asText()).isEqualTo("password");
    }

    @Test
    void eachRoleReachesItsOwnCallsOnly() {
        ApiClient finance = new ApiClient(port, TestCredentials.FINANCE);
        ApiClient support = new ApiClient(port, TestCredentials.SUPPORT);
        ApiClient operations = new ApiClient(port, TestCredentials.OPERATOR);
        ApiClient admin = new ApiClient(port, TestCredentials.ADMIN);

        assertThat(finance.get("/api/billing/documents?vendor=V1").status()).isEqualTo(200);
        assertThat(finance.get("/api/dead-letters").status()).isEqualTo(403);
        assertThat(finance.get("/api/reconciliation/cases").status()).isEqualTo(403);
        assertThat(support.get("/api/dead-letters").status()).isEqualTo(200);
        assertThat(support.post("/api/reconciliation/run").status()).isEqualTo(403);
        assertThat(support.get("/api/billing/documents?vendor=V1").status()).isEqualTo(403);
        assertThat(operations.get("/api/reconciliation/cases").status()).isEqualTo(200);
        assertThat(operations.get("/api/admin/users").status()).isEqualTo(403);
        assertThat(admin.get("/api/admin/users").status()).isEqualTo(200);
        assertThat(ApiClient.basic(port, TestCredentials.ADMIN, "wrong").get("/api/summary")
                .status()).isEqualTo(401);
        ApiClient.Answer denied = finance.get("/api/dead-letters");
        assertThat(denied.json().get("reasonCode").asText()).isEqualTo("FORBIDDEN");
        assertThat(denied.json().get("reason").asText()).contains("test-finance");
    }

    @Test
    void theLastEnabledAdministratorCannotBeDisabled() {
        ApiClient admin = new ApiClient(port, TestCredentials.ADMIN);
        java.util.List<String> otherAdmins = new java.util.ArrayList<>();
        for (var user : admin.get("/api/admin/users").json()) {
            String name = user.path("username").asText();
            if (user.path("roles").toString().contains("ADMIN") && user.path("enabled")
                    .asBoolean() && !name.equals(TestCredentials.ADMIN)) {
                otherAdmins.add(name);
            }
        }
        otherAdmins.forEach(name -> admin.post("/api/admin/users/" + name + "/disable"));
        try {
            ApiClient.Answer refused = admin.post("/api/admin/users/" + TestCredentials.ADMIN
                    + "/disable");

            assertThat(refused.status()).as(refused.text()).isEqualTo(409);
            assertThat(refused.json().path("reasonCode").asText()).isEqualTo("LAST_ADMIN");
            assertThat(admin.get("/api/admin/users").status()).isEqualTo(200);
        } finally {
            otherAdmins.forEach(name -> admin.post("/api/admin/users/" + name + "/enable"));
        }
    }

    @Test
    void healthShowsItsDetailsToStaffOnlyNeverToAVendor() {
        ApiClient.Answer vendor = ApiClient.withApiKey(port, TestCredentials.V1_API_KEY)
                .get("/actuator/health");
        ApiClient.Answer anonymous = ApiClient.anonymous(port).get("/actuator/health");
        ApiClient.Answer staff = new ApiClient(port, TestCredentials.SUPPORT)
                .get("/actuator/health");

        assertThat(vendor.json().has("status")).isTrue();
        assertThat(vendor.json().has("components")).as(vendor.text()).isFalse();
        assertThat(anonymous.json().has("components")).as(anonymous.text()).isFalse();
        assertThat(staff.json().path("components").path("db").has("details")).as(staff.text())
                .isTrue();
    }

    @Test
    void everyRequestIsAuditedWithWhoWhatAndWhereFrom() {
        new ApiClient(port, TestCredentials.FINANCE).get("/api/dead-letters?limit=3");
        ApiClient.anonymous(port).get("/api/summary");
        ApiClient.withApiKey(port, TestCredentials.V2_API_KEY).get("/api/v1/vendor/positions");

        // A request's row is written as its answer goes out, so the caller may already be
        // sending the next one: the rows are compared without their order, once all are in.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                books.jdbc().queryForList("""
                        select party_kind, party_name, vendor, method, path, status,
                            remote_address
                        from audit_log where action = 'REQUEST'""")).extracting(row ->
                        row.get("party_kind") + " " + row.get("party_name") + " "
                                + row.get("vendor") + " " + row.get("method") + " "
                                + row.get("path") + " " + row.get("status") + " "
                                + row.get("remote_address"))
                .containsExactlyInAnyOrder(
                        "STAFF test-finance null GET /api/dead-letters 403 127.0.0.1",
                        "ANONYMOUS null null GET /api/summary 401 127.0.0.1",
                        "VENDOR chk_00000002 V2 GET /api/v1/vendor/positions 200 127.0.0.1"));
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("(none)");
    }

    /** A browser with its own cookies that does not follow redirects. */
    private final class Browser {

        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> signIn(String username, String password) throws Exception {
            HttpResponse<String> page = get("/login");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("name=\"username\"", "name=\"password\"")
                    .doesNotContain("http://", "https://");
            Matcher token = CSRF.matcher(page.body());
            assertThat(token.find()).as("CSRF field in " + page.body()).isTrue();
            return post("/login", "username=" + encode(username) + "&password="
                    + encode(password) + "&_csrf=" + encode(token.group(1)));
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form)
                throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        private String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
