package org.consignmenthub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.consignmenthub.testing.ApiClient;
import org.consignmenthub.testing.HubIntegrationTest;
import org.consignmenthub.testing.IntakeClient;
import org.consignmenthub.testing.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Vendor systems: tokens for API clients, API keys, and what each may reach. Every refusal
 * is checked beside a call that succeeds with the same route, so a refusal for another
 * reason would show.
 */
class VendorCredentialsTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JWKSource<SecurityContext> signingKeys;

    private ApiClient admin;

    @BeforeEach
    void signIn() {
        admin = new ApiClient(port, TestCredentials.ADMIN);
    }

    @Test
    void aClientGetsAShortLivedTokenNamingItsVendorAndUsesIt() throws Exception {
        JsonNode token = token(TestCredentials.V1_CLIENT,
                TestCredentials.secretOf(TestCredentials.V1_CLIENT));

        JsonNode claims = claims(token.get("access_token").asText());
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asLong()).isBetween(890L, 900L);
        assertThat(claims.get("vendor").asText()).isEqualTo("V1");
        assertThat(claims.get("sub").asText()).isEqualTo("v1-system");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);

        IntakeClient v1 = IntakeClient.withBearer(port, token.get("access_token").asText());
        assertThat(v1.post("/intake/vendors/V1/stock", receipt("T-1", "A", 7)).status())
                .isEqualTo(202);
        assertThat(v1.post("/intake/vendors/V2/stock", receipt("T-2", "D", 7)).status())
                .isEqualTo(403);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> books.bucket("V1", "A", "L1", "AVAILABLE") == 7);
        assertThat(inboundMessages("V2")).isZero();
    }

    @Test
    void expiredTamperedRevokedAndUnknownTokensAreRefused() throws Exception {
        String good = mint(Instant.now().plusSeconds(600));
        String expired = mint(Instant.now().minusSeconds(600));
        String real = token(TestCredentials.V1_CLIENT,
                TestCredentials.secretOf(TestCredentials.V1_CLIENT)).get("access_token").asText();
        String[] parts = real.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).replace("\"V1\"", "\"V2\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(vendorCall(ApiClient.withBearer(port, good))).isEqualTo(404);
        assertThat(vendorCall(ApiClient.withBearer(port, real))).isEqualTo(404);
        assertThat(vendorCall(ApiClient.withBearer(port, expired))).isEqualTo(401);
        assertThat(vendorCall(ApiClient.withBearer(port, tampered))).isEqualTo(401);
        assertThat(vendorCall(ApiClient.withBearer(port, "not.a.token"))).isEqualTo(401);
        assertThat(tokenStatus("no-such-client", "whatever-secret")).isEqualTo(401);
        assertThat(tokenStatus(TestCredentials.V1_CLIENT, "wrong-secret")).isEqualTo(401);
        ApiClient.Answer refused = ApiClient.withBearer(port, expired).get("/api/v1/vendor/x");
        assertThat(refused.json().get("reasonCode").asText()).isEqualTo("BAD_CREDENTIALS");
    }

    @Test
    void aRevokedClientsTokensStopWorkingAtOnce() throws Exception {
        JsonNode client = admin.post("/api/admin/clients", "{\"vendor\":\"V2\"}").json();
        String clientId = client.get("clientId").asText();
        String secret = client.get("secret").asText();
        String access = token(clientId, secret).get("access_token").asText();
        assertThat(vendorCall(ApiClient.withBearer(port, access))).isEqualTo(404);

        ApiClient.Answer revoked = admin.post("/api/admin/clients/" + clientId + "/revoke");

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(vendorCall(ApiClient.withBearer(port, access))).isEqualTo(401);
        assertThat(tokenStatus(clientId, secret)).isEqualTo(401);
        assertThat(credentialChanges(clientId)).containsExactly("CLIENT_CREATED by test-admin",
                "CLIENT_REVOKED by test-admin");
        JsonNode listed = admin.get("/api/admin/clients?vendor=V2").json();
        assertThat(listed.toString()).doesNotContain(secret);
    }

    @Test
    void aRotatedKeyWorksThroughItsGraceThenExpiresAndRevocationIsImmediate() {
        JsonNode issued = admin.post("/api/admin/api-keys", "{\"vendor\":\"V1\",\"label\":\"erp\"}")
                .json();
        String oldKey = issued.get("key").asText();
        String prefix = issued.get("prefix").asText();
        assertThat(post(oldKey, "V1", "K-1")).isEqualTo(202);

        JsonNode rotated = admin.post("/api/admin/api-keys/" + prefix + "/rotate?graceSeconds=3")
                .json();
        String newKey = rotated.get("key").asText();

        assertThat(newKey).isNotEqualTo(oldKey).startsWith("chk_");
        assertThat(post(newKey, "V1", "K-2")).isEqualTo(202);
        assertThat(post(oldKey, "V1", "K-3")).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> post(oldKey, "V1", "K-4") == 401);
        assertThat(post(newKey, "V1", "K-5")).isEqualTo(202);

        admin.post("/api/admin/api-keys/" + rotated.get("prefix").asText() + "/revoke");

        assertThat(post(newKey, "V1", "K-6")).isEqualTo(401);
        assertThat(credentialChanges(prefix)).containsExactly("KEY_CREATED by test-admin",
                "KEY_ROTATED by test-admin");
        List<Map<String, Object>> stored = books.jdbc().queryForList(
                "select key_hash from api_key where prefix = ?", prefix);
        assertThat(stored.get(0).get("key_hash")).isNotEqualTo(oldKey)
                .isEqualTo(Credentials.sha256(oldKey));
    }

    @Test
    void vendorAsKeyOnVendorBsIntakeIsRefusedAndNothingIsStored() {
        int own = post(TestCredentials.V1_API_KEY, "V1", "X-1");
        int other = post(TestCredentials.V1_API_KEY, "V2", "X-2");
        int unknown = post("chk_0000000f.no-such-key-anywhere-at-all", "V1", "X-3");
        int anonymous = IntakeClient.anonymous(port)
                .post("/intake/vendors/V1/stock", receipt("X-4", "A", 1)).status();

        assertThat(own).isEqualTo(202);
        assertThat(other).isEqualTo(403);
        assertThat(unknown).isEqualTo(401);
        assertThat(anonymous).isEqualTo(401);
        assertThat(inboundMessages("V2")).isZero();
        assertThat(inboundMessages("V1")).isEqualTo(1);
        // Support staff read stored headers: the key that came with the request is not there.
        assertThat(books.jdbc().queryForObject(
                "select coalesce(headers::text, '') from inbound_message where account = 'V1'",
                String.class)).doesNotContainIgnoringCase("x-api-key")
                .doesNotContain(TestCredentials.V1_API_KEY);
    }

    @Test
    void vendorCredentialsReachNoStaffApiAndStaffReachNoVendorApi() {
        ApiClient vendor = ApiClient.withApiKey(port, TestCredentials.V2_API_KEY);

        assertThat(vendor.get("/api/summary").status()).isEqualTo(403);
        assertThat(vendor.get("/api/dead-letters").status()).isEqualTo(403);
        assertThat(vendor.get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(vendor.get("/api/v1/vendor/anything").status()).isEqualTo(404);
        assertThat(new ApiClient(port).get("/api/v1/vendor/anything").status()).isEqualTo(403);
        assertThat(IntakeClient.withApiKey(port, TestCredentials.V2_API_KEY)
                .post("/intake/stock-moves/ops", "{}".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(403);
    }

    private int vendorCall(ApiClient client) {
        return client.get("/api/v1/vendor/no-endpoint-yet").status();
    }

    private int post(String key, String vendor, String reportId) {
        return IntakeClient.withApiKey(port, key).post("/intake/vendors/" + vendor + "/stock",
                receipt(reportId, vendor.equals("V1") ? "A" : "D", 1)).status();
    }

    private long inboundMessages(String account) {
        return books.jdbc().queryForObject(
                "select count(*) from inbound_message where account = ?", Long.class, account);
    }

    private List<String> credentialChanges(String subject) {
        return books.jdbc().queryForList("""
                select action || ' by ' || party_name from audit_log
                where action <> 'REQUEST' and detail like ? order by id""", String.class,
                "%" + subject + "%");
    }

    private String mint(Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(TestCredentials.V1_CLIENT)
                .issuedAt(expiresAt.minusSeconds(900)).expiresAt(expiresAt)
                .claim("vendor", "V1").build();
        return new NimbusJwtEncoder(signingKeys).encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).build(), claims)).getTokenValue();
    }

    private JsonNode token(String clientId, String secret) throws Exception {
        HttpResponse<String> response = tokenRequest(clientId, secret);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int tokenStatus(String clientId, String secret) throws Exception {
        return tokenRequest(clientId, secret).statusCode();
    }

    private HttpResponse<String> tokenRequest(String clientId, String secret)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(
                (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode claims(String token) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private static byte[] receipt(String reportId, String sku, int quantity) {
        return ("{\"reports\":[{\"reportId\":\"" + reportId + "\",\"sku\":\"" + sku
                + "\",\"location\":\"L1\",\"kind\":\"RECEIPT\",\"quantity\":" + quantity
                + "}]}").getBytes(StandardCharsets.UTF_8);
    }
}
