package org.consignmenthub.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A person who signs in with a password: staff, or a vendor's portal user. */
record HubUser(Party party, String passwordHash, boolean enabled) implements UserDetails {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return PartyAuthentication.authorities(party);
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return party.name();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }
}
