package io.lossforge.loss.print;

import java.math.BigDecimal;
import java.util.Locale;

/** The canonical text of a constant: shortest form that reads back to the same double. */
public final class Numbers {

    private Numbers() {}

    /** {@code 2}, {@code 2.4092}, {@code 0.001}, {@code 1e-07}: always parsed back to the same value. */
    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (Math.abs(value) >= 1e-4) {
            return shortest.toPlainString();
        }
        return shortest.toString().toLowerCase(Locale.ROOT).replace("e+", "e");
    }
}
