package io.lossforge.loss;

/** The two leaves that carry data: the class probability {@code p} and its one-hot target {@code y}. */
public enum Variable implements Expression {
    /** Softmax probability of the class, in [0, 1]. */
    P("p"),
    /** One-hot target of the class, 0 or 1. */
    Y("y");

    private final String symbol;

    Variable(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public int depth() {
        return 1;
    }

    @Override
    public boolean contains(Variable variable) {
        return this == variable;
    }
}
