package org.modeconn.core.metrics;

/**
 * Where along a path a quantity f (the error on one dataset) is half-way between its endpoint values: the first
 * t at which f crosses m = ½[f(0) + f(1)], read off the grid by linear interpolation between the two grid points
 * that straddle m. On a path between endpoints of two tasks (docs/findings.md, RQ3 across tasks) it says where one
 * task's skill gives way to the other's: the earlier a task's t½, the sooner the path takes it up (or gives it
 * up). It is defined only where the endpoints differ by more than a threshold (the study's ε): between endpoints
 * of one task that score alike, "half-way" is noise.
 *
 * A grid point exactly at m counts as reaching it (and, if f then turns back, as a crossing): t½ is the first
 * t where f is at m or past it, on the end's side.
 *
 * @param t         the first t ∈ (0, 1] where f reaches m; NaN where undefined
 * @param crossings how often f crosses m along the grid (1 for a monotone hand-over; more where it wavers
 *                  around m); 0 where undefined
 */
public record HalfWay(double t, int crossings) {

    /** No half-way point: the endpoints differ by no more than the threshold. */
    public static final HalfWay UNDEFINED = new HalfWay(Double.NaN, 0);

    /**
     * The half-way point of {@code f} on the grid {@code t} (t_0 = 0 < … < t_{n−1} = 1, as {@link Connectivity}).
     *
     * @param minChange the least |f(1) − f(0)| for which the point is defined (the study's ε), ≥ 0
     * @throws IllegalArgumentException for a grid that is not strictly increasing from 0 to 1, lengths that differ, a
     *                                  value of f that is not finite, or a negative or NaN {@code minChange}
     */
    public static HalfWay of(double[] t, double[] f, double minChange) {
        Connectivity.check(t, f);
        if (!(minChange >= 0)) {
            throw new IllegalArgumentException("the least change must be at least 0, not " + minChange);
        }
        int n = t.length;
        if (!(Math.abs(f[n - 1] - f[0]) > minChange)) {
            return UNDEFINED;
        }
        double m = 0.5 * (f[0] + f[n - 1]);
        double sign = Math.signum(f[n - 1] - f[0]);
        double first = Double.NaN;
        int crossings = 0;
        boolean past = false;
        for (int i = 1; i < n; i++) {
            // Past m means on the end's side of it (or at it); each change of side is a crossing.
            boolean nowPast = sign * (f[i] - m) >= 0;
            if (nowPast != past) {
                crossings++;
                if (nowPast && Double.isNaN(first)) {
                    first = f[i] == m ? t[i] : t[i - 1] + (m - f[i - 1]) / (f[i] - f[i - 1]) * (t[i] - t[i - 1]);
                }
                past = nowPast;
            }
        }
        return new HalfWay(first, crossings);
    }
}
