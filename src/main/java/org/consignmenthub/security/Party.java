package org.consignmenthub.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one who makes a request: a vendor party, bound to exactly one catalog vendor, or a
 * staff party with its roles. {@code name} is the user name, client id or key prefix,
 * as recorded in the audit log and on every action.
 */
public record Party(Kind kind, String name, String vendorCode, Set<Role> roles) {

    /** Vendor parties act for their vendor; staff parties act for the retailer. */
    public enum Kind { VENDOR, STAFF }

    public Party {
        if (kind == Kind.VENDOR && (vendorCode == null || vendorCode.isBlank())) {
            throw new IllegalArgumentException("a vendor party needs its vendor code");
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public static Party vendor(String name, String vendorCode) {
        return new Party(Kind.VENDOR, name, vendorCode, Set.of());
    }

    public static Party staff(String name, Set<Role> roles) {
        return new Party(Kind.STAFF, name, null, roles);
    }

    public boolean isStaff() {
        return kind == Kind.STAFF;
    }

    public boolean isVendor() {
        return kind == Kind.VENDOR;
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** The vendor this party may touch; refused for staff, who are not bound to one. */
    public VendorScope scope() {
        if (!isVendor()) {
            throw new IllegalStateException(name + " is staff and has no single vendor scope");
        }
        return new VendorScope(vendorCode);
    }
}
