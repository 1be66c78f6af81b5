package io.lossforge.loss;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one table of operator semantics. Every operator's meaning is written here once, in terms of the
 * {@link Algebra} primitives; the reference evaluator, the DJL compiler and the exporters all obtain
 * values (and gradients) by interpreting these definitions.
 *
 * <p>Protected semantics (all with {@link #EPSILON} = 1e-7):
 * <ul>
 *   <li>{@code log(x) = ln(max(|x|, 1e-7))}, {@code sqrt(x) = sqrt(max(|x|, 1e-7))};</li>
 *   <li>{@code a / b} divides by {@code b} moved away from zero to magnitude 1e-7, keeping its sign
 *       (0 counts as positive);</li>
 *   <li>{@code aq(a, b) = a / sqrt(1 + b²)} (analytic quotient, never divides by zero);</li>
 *   <li>{@code a ^ c} (c a constant parameter of the call): integer {@code c} is an exact power of
 *       {@code a}; any other {@code c} applies to {@code |a|};</li>
 *   <li>{@code exp} is not clamped: overflow to infinity is a real outcome that screening catches.</li>
 * </ul>
 */
public enum Operator {
    ADD("+", 2, Syntax.INFIX, 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.add(a.get(0), a.get(1));
        }
    },
    SUB("-", 2, Syntax.INFIX, 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.subtract(a.get(0), a.get(1));
        }
    },
    MUL("*", 2, Syntax.INFIX, 2) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.multiply(a.get(0), a.get(1));
        }
    },
    DIV("/", 2, Syntax.INFIX, 2) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.divide(a.get(0), m.awayFromZero(a.get(1), EPSILON));
        }
    },
    NEG("-", 1, Syntax.PREFIX, 3) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.negate(a.get(0));
        }
    },
    /** {@code a ^ c}, the exponent {@code c} being the parameter: exact for integer c, on |a| otherwise. */
    POW("^", 1, Syntax.POSTFIX, 4) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.pow(parameter.isInteger() ? a.get(0) : m.abs(a.get(0)), parameter.value());
        }
    },
    EXP("exp", 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.exp(a.get(0));
        }
    },
    LOG("log", 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.ln(m.clampMin(m.abs(a.get(0)), EPSILON));
        }
    },
    SQRT("sqrt", 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.sqrt(m.clampMin(m.abs(a.get(0)), EPSILON));
        }
    },
    ABS("abs", 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.abs(a.get(0));
        }
    },
    SIN("sin", 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.sin(a.get(0));
        }
    },
    COS("cos", 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.cos(a.get(0));
        }
    },
    TANH("tanh", 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.tanh(a.get(0));
        }
    },
    SIGMOID("sigmoid", 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.sigmoid(a.get(0));
        }
    },
    SQUARE("square", 1) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.multiply(a.get(0), a.get(0));
        }
    },
    MIN("min", 2) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.minimum(a.get(0), a.get(1));
        }
    },
    MAX("max", 2) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            return m.maximum(a.get(0), a.get(1));
        }
    },
    AQ("aq", 2) {
        @Override
        public <T> T apply(Algebra<T> m, List<T> a, Constant parameter) {
            T b = a.get(1);
            return m.divide(a.get(0), m.sqrt(m.add(m.constant(1.0), m.multiply(b, b))));
        }
    };

    /** The guard of the protected operators: smallest magnitude fed to log, sqrt and division. */
    public static final double EPSILON = 1e-7;

    /**
     * Binding strength of text that needs no parentheses around it: numbers, variables and function
     * calls. The precedences of all operators are below it (see {@link #precedence()}).
     */
    public static final int ATOM_PRECEDENCE = 5;

    /**
     * How an operator is written in the infix language: {@code a + b}, {@code -a}, {@code f(a, b)}, or
     * {@code a^c} — the operand, the symbol and the operator's constant {@linkplain #hasParameter()
     * parameter}.
     */
    public enum Syntax {
        INFIX,
        PREFIX,
        FUNCTION,
        POSTFIX
    }

    private final String symbol;
    private final int arity;
    private final Syntax syntax;
    private final int precedence;

    Operator(String symbol, int arity) {
        this(symbol, arity, Syntax.FUNCTION, ATOM_PRECEDENCE);
    }

    Operator(String symbol, int arity, Syntax syntax, int precedence) {
        this.symbol = symbol;
        this.arity = arity;
        this.syntax = syntax;
        this.precedence = precedence;
    }

    /**
     * Applies the operator's meaning to already interpreted arguments.
     *
     * @param parameter the call's constant parameter if the operator {@linkplain #hasParameter() has one},
     *                  else null
     */
    public abstract <T> T apply(Algebra<T> m, List<T> arguments, Constant parameter);

    /**
     * Whether every call of this operator carries a constant parameter besides its arguments (the
     * exponent of {@code ^}). A parameter is part of the operator, not an operand: it is never a
     * sub-expression, so nothing can ever put a non-constant there.
     */
    public boolean hasParameter() {
        return syntax == Syntax.POSTFIX;
    }

    /** The infix symbol or function name. */
    public String symbol() {
        return symbol;
    }

    public int arity() {
        return arity;
    }

    public Syntax syntax() {
        return syntax;
    }

    /**
     * Binding strength in printed text, the one precedence table of every printer: + - 1, * / 2, unary
     * minus 3, ^ 4, functions {@link #ATOM_PRECEDENCE}.
     */
    public int precedence() {
        return precedence;
    }

    /** Whether swapping the two arguments never changes the value (used by canonical ordering). */
    public boolean isCommutative() {
        return this == ADD || this == MUL || this == MIN || this == MAX;
    }

    /** The function of that name, if any ({@code exp}, {@code log}, ..., case-sensitive). */
    public static Optional<Operator> function(String name) {
        for (Operator operator : values()) {
            if (operator.syntax == Syntax.FUNCTION && operator.symbol.equals(name)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }

    /** The names of all functions, for error messages and documentation. */
    public static List<String> functionNames() {
        return java.util.Arrays.stream(values())
                .filter(operator -> operator.syntax == Syntax.FUNCTION)
                .map(Operator::symbol)
                .toList();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
