package org.modeconn.core.metrics;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Spearman's rank correlation of two samples and its two-sided p-value, as {@code scipy.stats.spearmanr}
 * computes them: ρ is Pearson's correlation of the ranks (ties get their average rank; Apache Commons Math's
 * {@link SpearmansCorrelation}), and the p-value is that of t = ρ·√((n − 2)/(1 − ρ²)) under Student's t with
 * n − 2 degrees of freedom, p = I_{(n−2)/(n−2+t²)}((n − 2)/2, 1/2) (the regularized incomplete beta function,
 * which stays accurate for p far below 10⁻¹⁶ where 1 − CDF would round to 0). The t approximation is the one
 * scipy uses; for small n it is rough, which the report's readers should know from n.
 *
 * @param n   the number of pairs
 * @param rho Spearman's ρ in [−1, 1]; NaN for n &lt; 3 or when either sample is constant
 * @param p   the two-sided p-value of ρ = 0; NaN where ρ is
 */
public record RankCorrelation(int n, double rho, double p) {

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
        double rho = new SpearmansCorrelation().correlation(x, y);
        double df = n - 2;
        double p;
        if (Math.abs(rho) >= 1) {
            p = 0;
        } else {
            double t2 = rho * rho * df / (1 - rho * rho);
            p = Beta.regularizedBeta(df / (df + t2), df / 2, 0.5);
        }
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
