/**
 * The stock ledger: an append-only journal of movements, positions per owner and bucket, and
 * order lines with their reservations and shipments.
 */
package org.consignmenthub.ledger;
