/**
 * Replaying the Online Retail data set through a running hub as a partner would deliver it.
 */
package org.consignmenthub.replay;
