/**
 * Consignment agreements: versions, terms and the agreed prices in force at a moment.
 */
package org.consignmenthub.agreement;
