package io.lossforge.orchestrator.database;

/** Placeholder until the database package lands (replaced by the full classification). */
public final class TransientDatabaseErrors {
    private TransientDatabaseErrors() {}

    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.dao.TransientDataAccessException
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof java.sql.SQLTransientException
                    || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }
}
