package org.consignmenthub.triage;

/** No dead-letter entry has the id asked for. */
public class UnknownEntry extends RuntimeException {

    public UnknownEntry(long id) {
        super("no dead-letter entry " + id);
    }
}
