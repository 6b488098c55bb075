package org.consignmenthub.processing;

import java.sql.SQLException;

/**
 * Why the database refused a record's values, said for the people who triage it. The
 * database's own message quotes SQL and internal names; it goes to the log for whoever
 * maintains the hub, and the dead-letter store gets these words, chosen by SQL state.
 */
final class RefusedValues {

    private RefusedValues() {
    }

    static String reason(SQLException refused) {
        String state = refused.getSQLState() == null ? "" : refused.getSQLState();
        return switch (state) {
            case "22001" -> "a text value is longer than the books keep";
            case "22003" -> "a number is beyond the range the books keep (at most 19 digits,"
                    + " 4 of them decimals, for prices)";
            case "22007", "22008" -> "a date or time is outside the range the books keep";
            case "22021", "22P05" -> "a text value holds a character the books cannot keep"
                    + " (a zero byte, say)";
            case "23502" -> "a value the books require is missing";
            case "23503" -> "it refers to something the books do not hold";
            case "23505" -> "it conflicts with a record the books already hold";
            case "23514" -> "it would break a rule of the books (a quantity or amount out of"
                    + " its allowed range)";
            default -> "the books refused its values (SQL state " + state + ")";
        };
    }
}
