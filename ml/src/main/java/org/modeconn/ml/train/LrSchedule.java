package org.modeconn.ml.train;

/**
 * Learning rate at step s (1-based) of n: linear warm-up from 0 over w = ⌈ratio·n⌉ steps, then linear
 * decay to 0 at step n ("linear") or flat ("constant").
 */
public record LrSchedule(double peak, int steps, int warmup, boolean decay) {

    public static LrSchedule of(double peak, int steps, double warmupRatio, String schedule) {
        return new LrSchedule(peak, steps, (int) Math.ceil(warmupRatio * steps), !"constant".equals(schedule));
    }

    public double at(int step) {
        if (step <= warmup) {
            return peak * step / Math.max(1, warmup);
        }
        if (!decay) {
            return peak;
        }
        return peak * Math.max(0.0, (double) (steps - step) / Math.max(1, steps - warmup));
    }
}
