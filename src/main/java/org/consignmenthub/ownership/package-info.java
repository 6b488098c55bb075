/**
 * The title-transfer rule: units pass from vendor to retailer when, and as far as, they are
 * both sold and shipped.
 */
package org.consignmenthub.ownership;
