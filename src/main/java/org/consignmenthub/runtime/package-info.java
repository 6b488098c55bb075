/**
 * Wiring of the running hub: the embedded database, the broker hand-off, the hub's clock, the
 * Camel entry points.
 */
package org.consignmenthub.runtime;
