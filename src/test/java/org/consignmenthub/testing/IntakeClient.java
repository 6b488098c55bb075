package org.consignmenthub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A partner calling the hub's HTTP intake, as a shop's webhook or a vendor's system would:
 * it posts the exact bytes given and reads the hub's answer. By default it calls as the
 * operations staff user {@link TestCredentials#OPERATOR} (HTTP Basic), which may post to
 * every intake path; it can call as a vendor with its API key, or anonymously. Shopify
 * webhooks are signed whatever the caller.
 */
public final class IntakeClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOPIFY_PATH = "/intake/shopify/";
    private static final String SHOPIFY_SIGNATURE = "X-Shopify-Hmac-Sha256";
    private static final String WOOCOMMERCE_PATH = "/intake/woocommerce/";
    private static final String WOOCOMMERCE_SIGNATURE = "X-WC-Webhook-Signature";

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String credentialHeader;
    private final String credential;

    public IntakeClient(int port) {
        this(port, "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (TestCredentials.OPERATOR + ":" + TestCredentials.secretOf(
                        TestCredentials.OPERATOR)).getBytes(StandardCharsets.UTF_8)));
    }

    private IntakeClient(int port, String credentialHeader, String credential) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.credentialHeader = credentialHeader;
        this.credential = credential;
    }

    /** Posts as a vendor system presenting its API key. */
    public static IntakeClient withApiKey(int port, String key) {
        return new IntakeClient(port, "X-Api-Key", key);
    }

    /** Posts with a bearer token. */
    public static IntakeClient withBearer(int port, String token) {
        return new IntakeClient(port, "Authorization", "Bearer " + token);
    }

    /** Posts without credentials, as a shop's webhook does. */
    public static IntakeClient anonymous(int port) {
        return new IntakeClient(port, null, null);
    }

    /** The hub's answer; an accepted request names the inbound message it was stored as. */
    public record Answer(int status, String body) {

        public long inboundId() {
            return field("inboundId");
        }

        public long records() {
            return field("records");
        }

        public long rejected() {
            return field("rejected");
        }

        private long field(String name) {
            try {
                JsonNode answer = JSON.readTree(body);
                if (!answer.has(name)) {
                    throw new AssertionError("the answer has no " + name + ": " + body);
                }
                return answer.get(name).asLong();
            } catch (IOException e) {
                throw new AssertionError("the answer is not JSON: " + body, e);
            }
        }
    }

    /**
     * The signature a shop puts on its webhook. Posts to the Shopify intake are signed with
     * the test secret of their account ({@code secret-<account>}) unless the caller passes
     * a signature of its own.
     */
    public static String shopifySignature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts {@code body} as JSON; {@code headers} are name, value, name, value... */
    public Answer post(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (credential != null) {
            request.header(credentialHeader, credential);
        }
        boolean signed = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            signed |= headers[i].equalsIgnoreCase(SHOPIFY_SIGNATURE)
                    || headers[i].equalsIgnoreCase(WOOCOMMERCE_SIGNATURE);
        }
        if (!signed && path.startsWith(SHOPIFY_PATH)) {
            request.header(SHOPIFY_SIGNATURE, shopifySignature(
                    "secret-" + path.substring(SHOPIFY_PATH.length()), body));
        }
        // WooCommerce signs the same way (base64 HMAC-SHA256 of the body) in its own header.
        if (!signed && path.startsWith(WOOCOMMERCE_PATH)) {
            request.header(WOOCOMMERCE_SIGNATURE, shopifySignature(
                    "secret-" + path.substring(WOOCOMMERCE_PATH.length()), body));
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting to " + path, e);
        }
    }
}
