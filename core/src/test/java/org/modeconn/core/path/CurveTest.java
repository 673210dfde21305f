package org.modeconn.core.path;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CurveTest {
    private static final double EPS = 1e-12;

    @Test
    void linearIsTheTwoPointCase() {
        Curve linear = Curve.linear();
        assertEquals(2, linear.controlPoints());
        assertArrayEquals(new double[]{1, 0}, linear.coefficients(0), EPS);
        assertArrayEquals(new double[]{0.75, 0.25}, linear.coefficients(0.25), EPS);
        assertArrayEquals(new double[]{0, 1}, linear.coefficients(1), EPS);
        assertArrayEquals(new double[]{0.4, 0.6}, Curve.of(Curve.Kind.POLYCHAIN, 0).coefficients(0.6), EPS);
    }

    @Test
    void quadraticBezierMatchesTheFormula() {
        Curve bezier = Curve.of(Curve.Kind.BEZIER, 1);
        for (double t : new double[]{0, 0.1, 0.25, 0.5, 0.8, 1}) {
            // θ(t) = (1 − t)²·θ_A + 2t(1 − t)·θ_c + t²·θ_B
            assertArrayEquals(new double[]{(1 - t) * (1 - t), 2 * t * (1 - t), t * t}, bezier.coefficients(t), EPS, "t=" + t);
        }
    }

    @Test
    void cubicBezierHasBernsteinCoefficients() {
        double t = 0.3;
        double s = 1 - t;
        assertArrayEquals(new double[]{s * s * s, 3 * t * s * s, 3 * t * t * s, t * t * t},
                Curve.of(Curve.Kind.BEZIER, 2).coefficients(t), EPS);
    }

    @Test
    void polygonalChainUsesHatFunctions() {
        Curve chain = Curve.of(Curve.Kind.POLYCHAIN, 1); // knots at 0, 0.5, 1
        assertArrayEquals(new double[]{1, 0, 0}, chain.coefficients(0), EPS);
        assertArrayEquals(new double[]{0.5, 0.5, 0}, chain.coefficients(0.25), EPS);
        assertArrayEquals(new double[]{0, 1, 0}, chain.coefficients(0.5), EPS);
        assertArrayEquals(new double[]{0, 0.2, 0.8}, chain.coefficients(0.9), EPS);
        assertArrayEquals(new double[]{0, 0, 1}, chain.coefficients(1), EPS);
    }

    @Test
    void coefficientsSumToOne() {
        for (Curve c : List.of(Curve.linear(), Curve.of(Curve.Kind.BEZIER, 3), Curve.of(Curve.Kind.POLYCHAIN, 3))) {
            for (double t = 0; t <= 1; t += 0.05) {
                double sum = 0;
                for (double x : c.coefficients(t)) {
                    sum += x;
                }
                assertEquals(1, sum, 1e-12, c + " at " + t);
            }
        }
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Curve.linear().coefficients(1.5));
        assertThrows(IllegalArgumentException.class, () -> Curve.linear().coefficients(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Curve.of(Curve.Kind.LINEAR, 1));
        assertThrows(IllegalArgumentException.class, () -> Curve.of(Curve.Kind.BEZIER, -1));
    }

    @Test
    void gridsRunFromZeroToOne() {
        Grid paper = Grid.uniform(26);
        assertEquals(26, paper.size());
        assertEquals(0.04, paper.t(1), 1e-15);
        assertEquals(0.52, paper.t(13), 1e-15);
        assertEquals(1.0, paper.t(25));
        assertEquals(List.of(), Grid.problems(List.of(0.0, 0.3, 1.0)));
        assertEquals(3, Grid.problems(List.of(0.1, 0.05, 0.9)).size(), "not starting at 0, decreasing, not ending at 1");
        assertThrows(IllegalArgumentException.class, () -> new Grid(List.of(0.0, 1.2)));
    }
}
