package org.modeconn.ml.train;

import org.modeconn.core.spec.Schedule;

/**
 * Learning rate at step s (1-based) of n: linear warm-up from 0 over w = ⌈ratio·n⌉ steps, then linear
 * decay to 0 at step n ("linear") or flat ("constant").
 */
public record LrSchedule(double peak, int steps, int warmup, boolean decay) {

    /** The schedule of {@code steps} steps peaking at {@code peak} after ⌈warmupRatio·steps⌉ warm-up steps. */
    public static LrSchedule of(double peak, int steps, double warmupRatio, Schedule schedule) {
        return new LrSchedule(peak, steps, (int) Math.ceil(warmupRatio * steps), switch (schedule) {
            case LINEAR -> true;
            case CONSTANT -> false;
        });
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
