package org.consignmenthub.security;

/**
 * The one vendor a request may read or change. Vendor-facing data access takes a scope as
 * a parameter and puts it in its SQL ({@code where vendor = :scope}), so a query can never
 * reach another vendor's rows whatever the controller above it does. A vendor party's
 * scope comes from its credentials ({@link Party#scope()}); staff looking at one vendor
 * name it explicitly with {@link #ofVendor(String)}.
 */
public record VendorScope(String vendorCode) {

    public VendorScope {
        if (vendorCode == null || vendorCode.isBlank()) {
            throw new IllegalArgumentException("a vendor scope needs a vendor code");
        }
    }

    /** The scope of the calling vendor party; refused when staff or nobody is calling. */
    public static VendorScope current() {
        return Parties.current().scope();
    }

    /** A scope named by staff acting on one vendor's data. */
    public static VendorScope ofVendor(String vendorCode) {
        return new VendorScope(vendorCode);
    }

    public boolean covers(String vendor) {
        return vendorCode.equals(vendor);
    }

    /** The value to bind to the scope parameter of a query. */
    public String sqlValue() {
        return vendorCode;
    }
}
