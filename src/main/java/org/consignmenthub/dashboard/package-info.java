/**
 * The operations dashboard: consigned and owned stock side by side, live as the ledger
 * posts, stock over time, title transfers and invoiced value by vendor, and intake health
 * at a glance. The pages themselves are static files under {@code /ops/}.
 */
package org.consignmenthub.dashboard;
