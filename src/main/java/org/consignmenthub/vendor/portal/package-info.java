/**
 * The vendor portal: web pages for a vendor's account managers, signed in at
 * {@code /login}, and the JSON calls under {@code /portal/api} the pages use. Every read
 * and every answer takes the signed-in vendor's {@link org.consignmenthub.security.VendorScope}
 * into its SQL, so a page can never show or change another vendor's rows. Stock updates and
 * uploaded files go through the hub's intake like any other delivery; case answers and
 * count sheets go through the reconciliation services.
 */
package org.consignmenthub.vendor.portal;
