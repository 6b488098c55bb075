package org.consignmenthub.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a bearer token into its party. A token carrying {@code vendor} is a vendor party;
 * one carrying {@code roles} (from an external issuer) is staff. Tokens the hub issued
 * itself are honoured only while their client is not revoked, so revoking a client also
 * stops the tokens it already holds.
 */
final class TokenParties implements Converter<Jwt, AbstractAuthenticationToken> {

    static final String VENDOR_CLAIM = "vendor";
    static final String ROLES_CLAIM = "roles";

    private final Credentials credentials;
    private final boolean ownTokens;

    TokenParties(Credentials credentials, boolean ownTokens) {
        this.credentials = credentials;
        this.ownTokens = ownTokens;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt token) {
        String vendor = token.getClaimAsString(VENDOR_CLAIM);
        if (vendor != null) {
            return new PartyAuthentication(vendorParty(token, vendor));
        }
        List<String> roles = token.getClaimAsStringList(ROLES_CLAIM);
        if (roles != null && !roles.isEmpty()) {
            Set<Role> staffRoles = EnumSet.noneOf(Role.class);
            for (String role : roles) {
                for (Role known : Role.values()) {
                    if (known.name().equalsIgnoreCase(role)) {
                        staffRoles.add(known);
                    }
                }
            }
            return new PartyAuthentication(Party.staff(token.getSubject(), staffRoles));
        }
        throw new BadCredentialsException("the token names neither a vendor nor roles");
    }

    private Party vendorParty(Jwt token, String vendor) {
        if (ownTokens) {
            boolean current = credentials.activeClient(token.getSubject())
                    .filter(client -> client.vendor().equals(vendor)).isPresent();
            if (!current) {
                throw new BadCredentialsException("the token's client is revoked or unknown");
            }
        }
        return Party.vendor(token.getSubject(), vendor);
    }
}
