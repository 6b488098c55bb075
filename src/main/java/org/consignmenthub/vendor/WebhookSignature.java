package org.consignmenthub.vendor;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on a webhook delivery, sent as {@code X-Hub-Signature: t=<unix seconds>,
 * v1=<hex HMAC-SHA256>} over {@code <t>.<body>} with the subscription's secret. The
 * timestamp is inside what is signed, so a receiver that refuses deliveries older than a
 * few minutes cannot be fed an old delivery again.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Hub-Signature";

    private WebhookSignature() {
    }

    public static String header(String secret, long epochSecond, byte[] body) {
        return "t=" + epochSecond + ",v1=" + hmac(secret, epochSecond, body);
    }

    /** How a receiver checks a delivery: the same HMAC, compared in constant time. */
    public static boolean verify(String secret, String header, byte[] body, long nowSecond,
            long toleranceSeconds) {
        long timestamp = -1;
        String signature = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                timestamp = Long.parseLong(part.substring(2));
            } else if (part.startsWith("v1=")) {
                signature = part.substring(3);
            }
        }
        if (signature == null || Math.abs(nowSecond - timestamp) > toleranceSeconds) {
            return false;
        }
        return MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                hmac(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmac(String secret, long epochSecond, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSecond + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
