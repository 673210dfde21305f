package org.modeconn.core.path;

import java.util.ArrayList;
import java.util.List;

/** The t values at which a path is scored: strictly increasing, inside [0, 1], endpoints included. */
public record Grid(List<Double> ts) {

    public Grid {
        ts = List.copyOf(ts);
        List<String> problems = problems(ts);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** n equally spaced points from 0 to 1 (the paper's grid is n = 26: 0, 0.04, ..., 1). */
    public static Grid uniform(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 points, got " + n);
        }
        List<Double> ts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // i / (n-1) rather than repeated addition keeps 0.04 * 25 exactly 1.
            ts.add(i == n - 1 ? 1.0 : (double) i / (n - 1));
        }
        return new Grid(ts);
    }

    public int size() {
        return ts.size();
    }

    public double t(int index) {
        return ts.get(index);
    }

    public double[] toArray() {
        return ts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Everything wrong with a list of t values, empty if it is a valid grid. */
    public static List<String> problems(List<Double> ts) {
        List<String> problems = new ArrayList<>();
        if (ts.size() < 2) {
            problems.add("a grid needs at least 2 points, got " + ts.size());
            return problems;
        }
        for (int i = 0; i < ts.size(); i++) {
            Double t = ts.get(i);
            if (t == null || !(t >= 0 && t <= 1)) {
                problems.add("t[" + i + "] = " + t + " is outside [0, 1]");
            } else if (i > 0 && ts.get(i - 1) != null && t <= ts.get(i - 1)) {
                problems.add("t[" + i + "] = " + t + " does not increase over t[" + (i - 1) + "] = " + ts.get(i - 1));
            }
        }
        if (ts.get(0) != null && ts.get(0) != 0.0) {
            problems.add("the grid must start at t = 0 (the start endpoint), got " + ts.get(0));
        }
        Double last = ts.get(ts.size() - 1);
        if (last != null && last != 1.0) {
            problems.add("the grid must end at t = 1 (the end endpoint), got " + last);
        }
        return problems;
    }
}
