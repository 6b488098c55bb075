/**
 * Reconciliation: count sessions, the three-way match of count, book and vendor report,
 * attribution of variances to owners, automatic adjustments within tolerance, discrepancy
 * cases put to vendors, and the accuracy figures computed from these records.
 */
package org.consignmenthub.reconciliation;
