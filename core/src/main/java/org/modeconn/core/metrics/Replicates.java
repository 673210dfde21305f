package org.modeconn.core.metrics;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * One quantity (a barrier, a rank correlation) measured over n replicates (seed pairs) of the same comparison:
 * its mean and a two-sided 95% confidence interval for the mean, mean ± t_{0.975, n−1}·s/√n with s the sample
 * standard deviation (Student's t interval; quantile from Apache Commons Math's {@link TDistribution}). The
 * interval assumes the replicates' values are independent draws from one distribution; with n = 3 the quantile is 4.30, so the
 * interval is wide by design, which is the point of reporting it.
 *
 * @param n         the number of replicates (≥ 1)
 * @param mean      their mean
 * @param sd        the sample standard deviation (n − 1 in the denominator); NaN for n = 1
 * @param halfWidth the half-width of the 95% interval; NaN for n = 1 (no interval from one value)
 * @param min       the smallest value
 * @param max       the largest value
 */
public record Replicates(int n, double mean, double sd, double halfWidth, double min, double max) {

    /** The confidence level of {@link #halfWidth}. */
    public static final double LEVEL = 0.95;

    /**
     * Summarises the values of one quantity over the replicates.
     *
     * @throws IllegalArgumentException if there are no values or one is not finite
     */
    public static Replicates of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no replicates to summarise");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("a replicate's value is not finite: " + v);
            }
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int n = values.length;
        double mean = sum / n;
        if (n == 1) {
            return new Replicates(1, mean, Double.NaN, Double.NaN, min, max);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(squares / (n - 1));
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.5 + LEVEL / 2);
        return new Replicates(n, mean, sd, t * sd / Math.sqrt(n), min, max);
    }

    /** The interval's lower end (the mean for n = 1). */
    public double low() {
        return n == 1 ? mean : mean - halfWidth;
    }

    /** The interval's upper end (the mean for n = 1). */
    public double high() {
        return n == 1 ? mean : mean + halfWidth;
    }
}
