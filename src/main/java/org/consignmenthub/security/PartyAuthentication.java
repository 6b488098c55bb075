package org.consignmenthub.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by an API key or a token, standing for its party. */
final class PartyAuthentication extends AbstractAuthenticationToken {

    private final Party party;

    PartyAuthentication(Party party) {
        super(authorities(party));
        this.party = party;
        setAuthenticated(true);
    }

    static Collection<GrantedAuthority> authorities(Party party) {
        if (party.isVendor()) {
            return List.of(new SimpleGrantedAuthority("ROLE_VENDOR"));
        }
        return party.roles().stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority()))
                .toList();
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return party;
    }

    @Override
    public String getName() {
        return party.name();
    }
}
