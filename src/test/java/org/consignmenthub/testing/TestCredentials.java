package org.consignmenthub.testing;

/**
 * The credentials application-test.yaml declares, with their test-only secrets: staff
 * users whose password is their name and {@code -secret}, a portal user, an API key and
 * an API client for each of vendors V1 and V2 of the field-case catalog.
 */
public final class TestCredentials {

    /** The staff user test helpers call as by default (role OPERATIONS). */
    public static final String OPERATOR = "test-operator";
    public static final String FINANCE = "test-finance";
    public static final String SUPPORT = "test-support";
    public static final String ADMIN = "test-admin";

    public static final String V1_PORTAL_USER = "v1-portal";
    public static final String V2_PORTAL_USER = "v2-portal";

    public static final String V1_API_KEY = "chk_00000001.test-key-of-vendor-v1-not-secret";
    public static final String V2_API_KEY = "chk_00000002.test-key-of-vendor-v2-not-secret";

    public static final String V1_CLIENT = "v1-system";
    public static final String V2_CLIENT = "v2-system";

    private TestCredentials() {
    }

    /** The test password of a declared user or client. */
    public static String secretOf(String name) {
        return name + "-secret";
    }

    /** The API key of vendor V1 or V2. */
    public static String apiKeyOf(String vendor) {
        return switch (vendor) {
            case "V1" -> V1_API_KEY;
            case "V2" -> V2_API_KEY;
            default -> throw new IllegalArgumentException("no test API key for " + vendor);
        };
    }
}
