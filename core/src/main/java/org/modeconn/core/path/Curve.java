package org.modeconn.core.path;

import org.modeconn.core.spec.SpecEnum;

/**
 * The coefficient function of a path: a point is θ(t) = Σ_j c_j(t)·θ_j over the control points
 * θ_0 (start), the bends, and θ_{n-1} (end). Linear interpolation is the two-point case of every
 * curve kind. Coefficients sum to 1 for every t, so a point is an affine combination.
 */
public sealed interface Curve permits Curve.Bezier, Curve.PolygonalChain {

    /** Number of control points, endpoints included. */
    int controlPoints();

    /** c_j(t) for j = 0 .. controlPoints()-1; t must lie in [0, 1]. */
    double[] coefficients(double t);

    static Curve linear() {
        return new Bezier(2);
    }

    /** The curve of a kind with {@code bends} control points between its ends. */
    static Curve of(Kind kind, int bends) {
        if (bends < 0) {
            throw new IllegalArgumentException("bends must be >= 0, got " + bends);
        }
        return switch (kind) {
            case LINEAR -> {
                if (bends != 0) {
                    throw new IllegalArgumentException("a linear path has no bends, got " + bends);
                }
                yield linear();
            }
            case BEZIER -> new Bezier(bends + 2);
            case POLYCHAIN -> new PolygonalChain(bends + 2);
        };
    }

    /** The kind of a path's curve as a study spec writes it ({@code curve.kind}); linear when none is given. */
    enum Kind implements SpecEnum {
        LINEAR, BEZIER, POLYCHAIN;

        /** The kind spelled {@code text} in a spec; see {@link SpecEnum#parse}. */
        public static Kind parse(String text) {
            return SpecEnum.parse(Kind.class, text, "curve");
        }

        /** The spec's spelling. */
        @Override
        public String toString() {
            return spelling();
        }
    }

    private static void checkT(double t) {
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("t must lie in [0, 1], got " + t);
        }
    }

    /** Bernstein basis: c_j(t) = C(n-1, j) t^j (1-t)^(n-1-j). */
    record Bezier(int controlPoints) implements Curve {
        public Bezier {
            if (controlPoints < 2) {
                throw new IllegalArgumentException("a Bezier curve needs at least 2 control points");
            }
        }

        @Override
        public double[] coefficients(double t) {
            checkT(t);
            int degree = controlPoints - 1;
            double[] c = new double[controlPoints];
            double binomial = 1;
            for (int j = 0; j <= degree; j++) {
                c[j] = binomial * Math.pow(t, j) * Math.pow(1 - t, degree - j);
                binomial = binomial * (degree - j) / (j + 1);
            }
            return c;
        }
    }

    /**
     * Piecewise-linear path through the control points at equally spaced knots t_j = j/(n-1):
     * c_j is the hat function that is 1 at t_j and falls linearly to 0 at its neighbours.
     */
    record PolygonalChain(int controlPoints) implements Curve {
        public PolygonalChain {
            if (controlPoints < 2) {
                throw new IllegalArgumentException("a polygonal chain needs at least 2 control points");
            }
        }

        @Override
        public double[] coefficients(double t) {
            checkT(t);
            int segments = controlPoints - 1;
            double[] c = new double[controlPoints];
            double s = t * segments;
            int i = Math.min((int) Math.floor(s), segments - 1);
            double local = s - i;
            c[i] = 1 - local;
            c[i + 1] = local;
            return c;
        }
    }
}
