/**
 * What vendors reach. The API under {@code /api/v1/vendor}: a vendor reports its stock,
 * announces shipments, reads its own positions, journal, title transfers, invoices, credit
 * notes and balance, answers discrepancy cases and subscribes to webhooks; every query here
 * takes the caller's {@link org.consignmenthub.security.VendorScope} and binds it in its
 * SQL, so a vendor reaches its own rows and nothing else whichever class calls it.
 * Requests pass a per-vendor rate limit and, for POSTs, an idempotency key. Beside it, the
 * per-vendor SFTP server ({@code VendorSftpServer}); the portal pages live in
 * {@code vendor.portal}.
 */
package org.consignmenthub.vendor;
