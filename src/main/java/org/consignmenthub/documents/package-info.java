/**
 * Partner documents the ledger does not move on (vendors' invoices, order
 * acknowledgements, warehouse orders): recorded once per event so that operations can
 * read them, and a vendor's invoice set beside the hub's own self-billing document.
 */
package org.consignmenthub.documents;
