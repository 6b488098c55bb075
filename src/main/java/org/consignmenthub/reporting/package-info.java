/**
 * Figures read from the books: the consignment summary per vendor, retailer and channel.
 */
package org.consignmenthub.reporting;
