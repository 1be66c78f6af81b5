package io.lossforge.dataset;

/**
 * A dataset cannot be listed, fetched or loaded. The message is one sentence meant for users: it names the
 * dataset or file and says what is wrong; {@link #kind()} lets callers react without parsing it.
 */
public class DatasetException extends RuntimeException {

    /** Why the operation failed. */
    public enum Kind {
        /** No built-in and no user dataset of that name. */
        UNKNOWN_DATASET,
        /** A built-in must be fetched, but npm cannot be started. */
        NPM_MISSING,
        /** npm failed, timed out, or delivered a tarball that does not match its published integrity. */
        FETCH_FAILED,
        /** A source file is malformed: bad magic number, truncated, wrong size, label out of range. */
        CORRUPT,
        /** Reading or writing the data root failed (permissions, disk full, ...). */
        IO
    }

    private final Kind kind;

    public DatasetException(Kind kind, String message) {
        this(kind, message, null);
    }

    public DatasetException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
