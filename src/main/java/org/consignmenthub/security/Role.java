package org.consignmenthub.security;

/** What a member of staff is trusted with. */
public enum Role {
    OPERATIONS,
    FINANCE,
    SUPPORT,
    ADMIN;

    /** The Spring Security authority that stands for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
