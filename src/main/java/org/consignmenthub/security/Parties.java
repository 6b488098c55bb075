package org.consignmenthub.security;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The single way for code to ask who is calling. */
public final class Parties {

    private Parties() {
    }

    /** The authenticated party of the current request; refused when nobody signed in. */
    public static Party current() {
        return find().orElseThrow(() -> new AuthenticationCredentialsNotFoundException(
                "no authenticated party for this request"));
    }

    /** The authenticated party, if any (anonymous requests to public paths have none). */
    public static Optional<Party> find() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    static Optional<Party> of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        if (authentication.getPrincipal() instanceof Party party) {
            return Optional.of(party);
        }
        if (authentication.getPrincipal() instanceof HubUser user) {
            return Optional.of(user.party());
        }
        return Optional.empty();
    }
}
