package io.lossforge.loss;

/**
 * A loss text or expression that is not part of the language: bad syntax, an unknown name, or a limit
 * exceeded. The message is a complete, human-readable sentence; {@link #position()} is the 0-based
 * character offset in the input text where the problem was found, or -1 if it concerns the whole input.
 */
public class InvalidLossException extends IllegalArgumentException {

    private final int position;

    public InvalidLossException(String message) {
        this(message, -1);
    }

    public InvalidLossException(String message, int position) {
        super(message);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
