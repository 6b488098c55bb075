package org.consignmenthub.processing;

import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether trying the same work again later can succeed. A transient failure (the database
 * or the broker unreachable or restarting, a deadlock, a serialization conflict) is
 * retried with growing delays and never sends good data to the dead-letter store; anything
 * else is permanent, and the record that caused it is set aside at once.
 */
public enum FailureClass {
    TRANSIENT,
    PERMANENT;

    public static FailureClass of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (transientByType(cause) || transientBySqlState(cause)) {
                return TRANSIENT;
            }
        }
        return PERMANENT;
    }

    private static boolean transientByType(Throwable cause) {
        return cause instanceof TransientDataAccessException
                || cause instanceof RecoverableDataAccessException
                || cause instanceof CannotCreateTransactionException
                // A commit or rollback that could not be completed: the connection broke.
                || cause instanceof TransactionSystemException
                || cause instanceof SQLTransientException
                || cause instanceof SQLRecoverableException
                || cause instanceof ConnectException
                || cause instanceof SocketException
                || brokerUnavailable(cause);
    }

    /** The broker refused or lost the connection; a bad destination or message is not that. */
    private static boolean brokerUnavailable(Throwable cause) {
        return cause instanceof JMSException
                && !(cause instanceof InvalidDestinationException)
                && !(cause instanceof MessageFormatException)
                && !(cause instanceof InvalidSelectorException);
    }

    /**
     * PostgreSQL's classes for a lost or refused connection (08), too few resources (53),
     * an operator or crash shutdown (57P01-57P03), a serialization failure (40001) and a
     * deadlock (40P01).
     */
    private static boolean transientBySqlState(Throwable cause) {
        if (!(cause instanceof SQLException sql) || sql.getSQLState() == null) {
            return false;
        }
        String state = sql.getSQLState();
        return state.startsWith("08") || state.startsWith("53")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("40001") || state.equals("40P01");
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof SQLException sql && sql.getNextException() != null) {
            return sql.getNextException();
        }
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
