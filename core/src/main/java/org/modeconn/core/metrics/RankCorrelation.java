package org.modeconn.core.metrics;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Spearman's rank correlation of two samples and its two-sided p-value, as {@code scipy.stats.spearmanr}
 * computes them: ρ is Pearson's correlation of the ranks (ties get their average rank; Apache Commons Math's
 * {@link SpearmansCorrelation}), and the p-value is that of t = ρ·√((n − 2)/(1 − ρ²)) under Student's t with
 * n − 2 degrees of freedom, p = I_{1−ρ²}((n − 2)/2, 1/2) (the regularized incomplete beta function at
 * (n − 2)/(n − 2 + t²) = 1 − ρ², which stays accurate, to about 10⁻¹³ relative, for p far below 10⁻¹⁶ where
 * 1 − CDF would round to 0). p = 0 at |ρ| = 1. The t approximation is the one scipy uses; for small n it is
 * rough (for n = 3 and ρ = 1 it gives 0 where the exact permutation p is 1/3), so the report says so below 10.
 * Unlike scipy, which gives ρ = ±1 for n = 2, ρ is undefined (NaN) below 3 pairs.
 *
 * @param n   the number of pairs
 * @param rho Spearman's ρ in [−1, 1]; NaN for n &lt; 3 or when either sample is constant
 * @param p   the two-sided p-value of ρ = 0; NaN where ρ is
 */
public record RankCorrelation(int n, double rho, double p) {

    /** Below this many pairs the report calls the p-value rough. */
    public static final int FEW = 10;

    /**
     * Correlates x with y.
     *
     * @param x [n] the first sample
     * @param y [n] the second, paired with x by index
     * @throws IllegalArgumentException if the lengths differ or a value is not finite
     */
    public static RankCorrelation of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("samples of different lengths: " + x.length + " and " + y.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("pair " + i + " is not finite: " + x[i] + ", " + y[i]);
            }
        }
        int n = x.length;
        if (n < 3 || constant(x) || constant(y)) {
            return new RankCorrelation(n, Double.NaN, Double.NaN);
        }
        double rho = Math.max(-1, Math.min(1, new SpearmansCorrelation().correlation(x, y)));
        double p = Math.abs(rho) == 1 ? 0 : Beta.regularizedBeta((1 - rho) * (1 + rho), (n - 2) / 2.0, 0.5);
        return new RankCorrelation(n, rho, p);
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }
}
