package org.modeconn.core.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * Connectivity metrics of one quantity f (loss or error) along one path, as SCIENCE.md defines them.
 * Inputs are the grid t_0 = 0 < ... < t_{n-1} = 1 and the values f(t_i).
 *
 * @param start         f(0)
 * @param end           f(1)
 * @param barrier       max_t f(t) − ½[f(0) + f(1)] (Frankle et al.; Git Re-Basin)
 * @param linearBarrier max_t { f(t) − [(1−t)·f(0) + t·f(1)] } (Entezari et al.; Juneja et al.), unclipped
 * @param midpointBarrier f(½) − ½[f(0) + f(1)]; f(½) read off the grid by linear interpolation
 * @param bumpBarrier   the largest linear barrier over any sub-segment [t_i, t_j] of the grid (Juneja et al.)
 * @param mean          the mean of f over the grid points
 * @param integral      the trapezoid integral of f over [0, 1]
 * @param min           min_t f(t)
 * @param max           max_t f(t)
 * @param beatsBoth     the t values where f(t) is below both endpoints
 */
public record Connectivity(double start, double end, double barrier, double linearBarrier, double midpointBarrier,
                           double bumpBarrier, double mean, double integral, double min, double max,
                           List<Double> beatsBoth) {

    /** The linear barrier clipped at 0, as it is usually reported. */
    public double linearBarrierClipped() {
        return Math.max(0, linearBarrier);
    }

    /** How far the path rises above its worse endpoint: max_t f(t) − max(f(0), f(1)), clipped at 0. */
    @JsonProperty("aboveWorseEndpoint")
    public double aboveWorseEndpoint() {
        return Math.max(0, max - Math.max(start, end));
    }

    public static Connectivity of(double[] t, double[] f) {
        check(t, f);
        int n = t.length;
        double f0 = f[0];
        double f1 = f[n - 1];
        double endpointMean = 0.5 * (f0 + f1);

        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        double integral = 0;
        List<Double> beatsBoth = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            max = Math.max(max, f[i]);
            min = Math.min(min, f[i]);
            sum += f[i];
            if (i > 0) {
                integral += 0.5 * (f[i] + f[i - 1]) * (t[i] - t[i - 1]);
            }
            if (f[i] < f0 && f[i] < f1) {
                beatsBoth.add(t[i]);
            }
        }
        return new Connectivity(f0, f1, max - endpointMean, segmentBarrier(t, f, 0, n - 1),
                valueAt(t, f, 0.5) - endpointMean, bumpBarrier(t, f), sum / n, integral, min, max,
                List.copyOf(beatsBoth));
    }

    /** max over k in [i, j] of f(t_k) minus the chord from (t_i, f_i) to (t_j, f_j). */
    static double segmentBarrier(double[] t, double[] f, int i, int j) {
        double best = Double.NEGATIVE_INFINITY;
        double span = t[j] - t[i];
        for (int k = i; k <= j; k++) {
            double w = (t[k] - t[i]) / span;
            double chord = (1 - w) * f[i] + w * f[j];
            best = Math.max(best, f[k] - chord);
        }
        return best;
    }

    static double bumpBarrier(double[] t, double[] f) {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.length; i++) {
            for (int j = i + 1; j < t.length; j++) {
                best = Math.max(best, segmentBarrier(t, f, i, j));
            }
        }
        return best;
    }

    /** f at {@code x} by linear interpolation between the neighbouring grid points. */
    static double valueAt(double[] t, double[] f, double x) {
        for (int i = 0; i < t.length - 1; i++) {
            if (x >= t[i] && x <= t[i + 1]) {
                double w = (x - t[i]) / (t[i + 1] - t[i]);
                return (1 - w) * f[i] + w * f[i + 1];
            }
        }
        throw new IllegalArgumentException("t = " + x + " is outside the grid");
    }

    /**
     * Checks that {@code f} has one finite value per grid point and that the grid runs strictly upwards from 0 to 1.
     *
     * @throws IllegalArgumentException naming the first thing that is not so
     */
    static void check(double[] t, double[] f) {
        if (t.length != f.length) {
            throw new IllegalArgumentException(t.length + " t values but " + f.length + " f values");
        }
        if (t.length < 2 || t[0] != 0.0 || t[t.length - 1] != 1.0) {
            throw new IllegalArgumentException("the grid must run from t = 0 to t = 1 with at least 2 points");
        }
        for (int i = 1; i < t.length; i++) {
            if (!(t[i] > t[i - 1])) {
                throw new IllegalArgumentException("the grid must increase strictly; t[" + i + "] = " + t[i]);
            }
        }
        for (int i = 0; i < f.length; i++) {
            if (!Double.isFinite(f[i])) {
                throw new IllegalArgumentException("f(t = " + t[i] + ") is not finite: " + f[i]);
            }
        }
    }
}
