package io.lossforge.loss.reject;

/**
 * Adam (Kingma & Ba 2015) without weight decay, on one matrix of parameters, in double precision, with
 * bias correction as in PyTorch's {@code torch.optim.Adam}. Mutable, package-private: one instance per
 * protocol run.
 */
final class Adam {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[][] firstMoment;
    private final double[][] secondMoment;
    private int step;

    Adam(int rows, int columns, double learningRate, double beta1, double beta2, double epsilon) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.firstMoment = new double[rows][columns];
        this.secondMoment = new double[rows][columns];
    }

    /**
     * One update of {@code parameters} in place against {@code gradient} (same shape, finite).
     *
     * @return whether the second moment and every updated parameter are finite: a gradient entry above
     *     about 1e154 overflows its square, and the step would then silently be 0 (the caller stops)
     */
    boolean update(double[][] parameters, double[][] gradient) {
        step++;
        // Powers by repeated products would drift from PyTorch's pow; StrictMath keeps them reproducible.
        double correction1 = 1.0 - StrictMath.pow(beta1, step);
        double correction2 = 1.0 - StrictMath.pow(beta2, step);
        boolean finite = true;
        for (int n = 0; n < parameters.length; n++) {
            for (int k = 0; k < parameters[n].length; k++) {
                double g = gradient[n][k];
                firstMoment[n][k] = beta1 * firstMoment[n][k] + (1.0 - beta1) * g;
                secondMoment[n][k] = beta2 * secondMoment[n][k] + (1.0 - beta2) * g * g;
                double mHat = firstMoment[n][k] / correction1;
                double vHat = secondMoment[n][k] / correction2;
                parameters[n][k] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon); // sqrt is exact
                finite &= Double.isFinite(secondMoment[n][k]) && Double.isFinite(parameters[n][k]);
            }
        }
        return finite;
    }
}
