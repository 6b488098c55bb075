package org.consignmenthub.reconciliation;

/**
 * Who bears a count difference in consigned units, the reason code of its adjusting
 * movement. Retailer-liable units lost from the retailer's custody are bought by the
 * retailer at the agreed price (a self-billing line), and units found again are credited
 * back; vendor-chargeable differences are the vendor's own, and nothing is billed.
 */
public enum Bearer { VENDOR_CHARGEABLE, RETAILER_LIABLE }
