package org.consignmenthub.vendor;

import java.util.List;
import java.util.Map;
import org.consignmenthub.canonical.Refusal;
import org.consignmenthub.reconciliation.DiscrepancyCases;
import org.consignmenthub.security.VendorScope;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A vendor's side of its discrepancy cases: the list, the evidence, and its three answers
 * (accept, dispute with a reason, ask for a recount). Each case is first found within the
 * vendor's scope, locked for an answer, so another vendor's case is as unknown as one that
 * does not exist. Settling disputes and withdrawing counts stay with the retailer's staff.
 */
public class VendorCases {

    private final JdbcTemplate jdbc;
    private final DiscrepancyCases cases;

    public VendorCases(JdbcTemplate jdbc, DiscrepancyCases cases) {
        this.jdbc = jdbc;
        this.cases = cases;
    }

    public List<DiscrepancyCases.Case> list(VendorScope scope, String status) {
        return cases.list(scope.sqlValue(), status);
    }

    public Map<String, Object> evidence(VendorScope scope, long caseId) {
        requireOwn(scope, caseId, false);
        return cases.evidence(caseId);
    }

    /** Call in a transaction: the case stays locked until the answer is recorded. */
    public DiscrepancyCases.Case accept(VendorScope scope, long caseId, String actor) {
        requireOwn(scope, caseId, true);
        // The agreement names who bears an accepted difference; the vendor does not choose.
        return cases.acceptByVendor(caseId, actor);
    }

    /** Call in a transaction. */
    public DiscrepancyCases.Case dispute(VendorScope scope, long caseId, String actor,
            String reason) {
        requireOwn(scope, caseId, true);
        return cases.dispute(caseId, actor, reason);
    }

    /** Call in a transaction. */
    public DiscrepancyCases.Case requestRecount(VendorScope scope, long caseId, String actor,
            String note) {
        requireOwn(scope, caseId, true);
        return cases.requestRecount(caseId, actor, note);
    }

    private void requireOwn(VendorScope scope, long caseId, boolean lock) {
        List<Long> own = jdbc.queryForList("select id from discrepancy_case"
                + " where id = ? and vendor = ?" + (lock ? " for update" : ""), Long.class,
                caseId, scope.sqlValue());
        if (own.isEmpty()) {
            throw new Refusal("UNKNOWN_CASE", "case", "there is no discrepancy case "
                    + caseId);
        }
    }
}
