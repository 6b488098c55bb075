/**
 * Dead-letter triage for support staff: what each refused record puts at stake, finding,
 * correcting, replaying and discarding entries with every action on record, and the health
 * of vendors' stock feeds.
 */
package org.consignmenthub.triage;
