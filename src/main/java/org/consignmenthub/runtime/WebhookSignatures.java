package org.consignmenthub.runtime;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Checks that a webhook comes from the shop it claims to: the channel signs the exact body
 * with the account's shared secret (HMAC-SHA256, base64) in a header of its own. A request
 * without a valid signature, or for an account with no secret configured, is refused
 * before anything is stored.
 */
@Component("webhookSignatures")
@EnableConfigurationProperties(WebhookSignatures.Secrets.class)
public class WebhookSignatures {

    /** The header each signing channel puts its signature in. */
    private static final Map<String, String> SIGNATURE_HEADERS = Map.of(
            "shopify", "X-Shopify-Hmac-Sha256",
            "woocommerce", "X-WC-Webhook-Signature");

    private final Secrets secrets;

    WebhookSignatures(Secrets secrets) {
        this.secrets = secrets;
    }

    /** Shared secrets by channel, then account: {@code hub.intake.webhook-secrets.*}. */
    @ConfigurationProperties("hub.intake")
    public record Secrets(Map<String, Map<String, String>> webhookSecrets) {

        public Secrets {
            webhookSecrets = webhookSecrets == null ? Map.of() : webhookSecrets;
        }
    }

    /** Refused because the request is not signed by the account it names. */
    public static final class UnauthenticWebhook extends RuntimeException {

        UnauthenticWebhook(String reason) {
            super(reason);
        }
    }

    public void verify(Exchange exchange) {
        var in = exchange.getIn();
        String channel = in.getHeader(IntakeGateway.CHANNEL, String.class);
        String account = in.getHeader(IntakeGateway.ACCOUNT, String.class);
        // Read once and put back: the body may be a stream.
        byte[] body = in.getBody(byte[].class);
        in.setBody(body == null ? new byte[0] : body);

        String header = SIGNATURE_HEADERS.get(channel);
        String secret = secrets.webhookSecrets().getOrDefault(channel, Map.of()).get(account);
        if (header == null || secret == null || secret.isBlank()) {
            throw new UnauthenticWebhook("no webhook secret is configured for " + channel
                    + " account " + account);
        }
        String signature = in.getHeader(header, String.class);
        if (signature == null || signature.isBlank()) {
            throw new UnauthenticWebhook("the request carries no " + header + " signature");
        }
        if (!MessageDigest.isEqual(sign(secret, in.getBody(byte[].class)),
                decode(signature))) {
            throw new UnauthenticWebhook("the " + header + " signature does not match the body"
                    + " and the secret of " + channel + " account " + account);
        }
    }

    static byte[] sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] decode(String signature) {
        try {
            return Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException notBase64) {
            throw new UnauthenticWebhook("the signature is not base64");
        }
    }
}
