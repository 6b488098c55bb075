/**
 * The operations API over HTTP: catalog, stock, billing documents, dead letters and the
 * summary.
 */
package org.consignmenthub.api;
