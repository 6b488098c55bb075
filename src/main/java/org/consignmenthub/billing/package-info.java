/**
 * Self-billing: invoice and credit-note lines, documents, gapless numbering and settlement
 * months.
 */
package org.consignmenthub.billing;
