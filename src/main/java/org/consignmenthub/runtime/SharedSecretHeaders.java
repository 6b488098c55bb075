package org.consignmenthub.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Checks webhooks of channels that do not sign their bodies. BigCommerce sends, with every
 * webhook, the custom headers given when the webhook was created; the hub asks for one,
 * {@value #HEADER}, holding the account's shared secret ({@code
 * hub.intake.webhook-secrets.<channel>.<account>}, the same setting as for signing
 * channels). The secret is compared in constant time (both sides' SHA-256 digests, so not
 * even the length leaks) and removed from the request before anything is stored, so it
 * never reaches the inbox or the dead-letter store. A request without it, with another
 * value, or for an account with no secret is refused before anything is stored.
 */
@Component("sharedSecretHeaders")
public class SharedSecretHeaders {

    public static final String HEADER = "X-Hub-Webhook-Secret";

    private final WebhookSignatures.Secrets secrets;

    SharedSecretHeaders(WebhookSignatures.Secrets secrets) {
        this.secrets = secrets;
    }

    public void verify(Exchange exchange) {
        var in = exchange.getIn();
        String channel = in.getHeader(IntakeGateway.CHANNEL, String.class);
        String account = in.getHeader(IntakeGateway.ACCOUNT, String.class);
        String sent = in.getHeader(HEADER, String.class);
        in.removeHeader(HEADER);

        String secret = secrets.webhookSecrets().getOrDefault(channel, Map.of()).get(account);
        if (secret == null || secret.isBlank()) {
            throw new WebhookSignatures.UnauthenticWebhook("no webhook secret is configured"
                    + " for " + channel + " account " + account);
        }
        if (sent == null || sent.isEmpty()) {
            throw new WebhookSignatures.UnauthenticWebhook("the request carries no " + HEADER
                    + " header");
        }
        if (!MessageDigest.isEqual(digest(secret), digest(sent))) {
            throw new WebhookSignatures.UnauthenticWebhook("the " + HEADER + " header does not"
                    + " hold the secret of " + channel + " account " + account);
        }
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
