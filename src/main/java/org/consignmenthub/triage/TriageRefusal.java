package org.consignmenthub.triage;

/**
 * A triage action that cannot be taken on an entry as it stands (it is discarded, or has
 * no delivery to replay); the message says why in words.
 */
public class TriageRefusal extends RuntimeException {

    public TriageRefusal(String message) {
        super(message);
    }
}
