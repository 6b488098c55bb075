package org.consignmenthub.security;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.security.*}: token issuing, key rotation, password hashing, whether metrics
 * are open, and credentials declared in configuration (for tests and a first set-up).
 */
@ConfigurationProperties(prefix = "hub.security")
public record SecuritySettings(
        @DefaultValue OAuth2 oauth2,
        @DefaultValue("PT24H") Duration keyRotationGrace,
        @DefaultValue("10") int bcryptStrength,
        @DefaultValue("false") boolean metricsOpen,
        @DefaultValue Declared declared) {

    /**
     * The hub issues its own tokens unless {@code issuer-uri} names an external issuer to
     * trust instead.
     */
    public record OAuth2(String issuerUri, @DefaultValue("PT15M") Duration tokenLifetime) {

        public boolean externalIssuer() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }

    /** Credentials with known secrets, made or restored at start. */
    public record Declared(@DefaultValue List<User> users, @DefaultValue List<Key> apiKeys,
            @DefaultValue List<Client> clients) {
    }

    public record User(String username, String password, Party.Kind kind, String vendor,
            @DefaultValue Set<Role> roles) {
    }

    public record Key(String vendor, String key) {
    }

    public record Client(String clientId, String secret, String vendor) {
    }
}
