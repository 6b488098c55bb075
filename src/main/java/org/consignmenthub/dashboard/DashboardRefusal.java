package org.consignmenthub.dashboard;

/** A dashboard request the hub cannot answer, naming the parameter and the reason. */
public class DashboardRefusal extends RuntimeException {

    private final String field;

    public DashboardRefusal(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
