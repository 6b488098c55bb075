package org.consignmenthub.processing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures the hub waits out and which it sets aside at once. */
class FailureClassTest {

    @Test
    void aLostDatabaseConnectionIsTransientHoweverDeeplyWrapped() {
        PSQLException io = new PSQLException("An I/O error occurred while sending to the"
                + " backend.", PSQLState.CONNECTION_FAILURE, new SocketException("Broken pipe"));

        assertThat(FailureClass.of(new TransactionSystemException("JDBC rollback failed", io)))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"))))
                .as("the pool's closed connection carries no SQL state")
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("pool timed out"))))
                .isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void deadlocksAndSerializationConflictsAreTransient() {
        assertThat(FailureClass.of(new UncategorizedSQLException("apply", "update",
                new SQLException("deadlock detected", "40P01"))))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new SQLException("could not serialize", "40001")))
                .isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void aBrokerConnectionLossIsTransientButABadDestinationIsNot() {
        assertThat(FailureClass.of(new RuntimeException(new JMSException("connection lost"))))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new InvalidDestinationException("no such queue")))
                .isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void refusedValuesAndFaultsInTheCodeArePermanent() {
        assertThat(FailureClass.of(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505"))))
                .isEqualTo(FailureClass.PERMANENT);
        assertThat(FailureClass.of(new NullPointerException("kind")))
                .isEqualTo(FailureClass.PERMANENT);
    }
}
