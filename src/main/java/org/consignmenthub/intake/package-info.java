/**
 * Channel-neutral intake: payload readers, the JSONata mapping engine, storing raw payloads,
 * batching canonical events and the dead-letter store.
 */
package org.consignmenthub.intake;
