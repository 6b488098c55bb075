package org.consignmenthub.vendor;

import java.util.Optional;
import org.consignmenthub.security.Party;

/** Decides whether a secret presented at a vendor's login is a live credential of it. */
@FunctionalInterface
public interface VendorLogins {

    /** The vendor party signing in, or empty when the secret is not one of its own. */
    Optional<Party> login(String vendorCode, String secret);
}
