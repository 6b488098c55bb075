/**
 * Applies batches of canonical events to the books, once per event key, one record at a time.
 */
package org.consignmenthub.processing;
