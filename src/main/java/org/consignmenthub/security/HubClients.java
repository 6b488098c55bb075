package org.consignmenthub.security;

import java.time.Duration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Vendor API clients as the token issuer sees them: read from the credential store on
 * every token request, so a revoked client gets no new token. Only the client credentials
 * grant is offered.
 */
final class HubClients implements RegisteredClientRepository {

    private final Credentials credentials;
    private final Duration tokenLifetime;

    HubClients(Credentials credentials, Duration tokenLifetime) {
        this.credentials = credentials;
        this.tokenLifetime = tokenLifetime;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("API clients are made through /api/admin");
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return credentials.activeClient(clientId).map(client -> RegisteredClient
                .withId(client.clientId())
                .clientId(client.clientId())
                .clientSecret(client.secretHash())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("vendor")
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokenLifetime)
                        .build())
                .build()).orElse(null);
    }
}
