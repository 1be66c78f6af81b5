package io.lossforge.dataset;

import io.lossforge.dataset.DatasetException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipException;

/** The {@link DatasetException}s shared by the readers, so that the same failure reads the same everywhere. */
final class Failures {

    private Failures() {}

    static DatasetException corrupt(String message) {
        return new DatasetException(Kind.CORRUPT, message);
    }

    /**
     * Classifies an I/O failure while reading {@code file}: a premature end or undecodable gzip data means
     * the file itself is bad (CORRUPT, fixable by replacing it); anything else is the environment (IO).
     */
    static DatasetException reading(Path file, IOException e) {
        if (e instanceof EOFException) {
            return new DatasetException(Kind.CORRUPT, file + " is truncated (it ends in the middle of its data)", e);
        }
        if (e instanceof ZipException) {
            return new DatasetException(Kind.CORRUPT, file + " is not valid gzip data (" + e.getMessage() + ")", e);
        }
        return new DatasetException(Kind.IO, "cannot read " + file + ": " + describe(e), e);
    }

    static DatasetException writing(Path file, IOException e) {
        return new DatasetException(Kind.IO, "cannot write " + file + ": " + describe(e), e);
    }

    /**
     * What went wrong, in words: the type of {@code e} ({@code NoSuchFileException} becomes "no such
     * file"), its reason, and the file it concerns, which may differ from the one being read or written.
     */
    static String describe(IOException e) {
        if (e.getClass() == IOException.class) {
            return String.valueOf(e.getMessage());
        }
        String type = e.getClass()
                .getSimpleName()
                .replaceAll("Exception$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
        if (e instanceof FileSystemException fs) {
            return type
                    + (fs.getReason() == null ? "" : ", " + fs.getReason())
                    + (fs.getFile() == null ? "" : " (" + fs.getFile() + ")");
        }
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
