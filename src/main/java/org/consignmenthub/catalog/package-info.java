/**
 * Legal entities, vendors, locations, items and channel accounts, and loading them from a
 * catalog document.
 */
package org.consignmenthub.catalog;
