package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.modeconn.core.path.Curve;

import java.util.List;

/**
 * A path between two endpoints, and how to score it.
 *
 * @param from  start endpoint name
 * @param to    end endpoint name
 * @param curve linear (default), bezier or polychain, with its number of bends
 * @param grid  the t values to score: {@code points: n} (uniform) or an explicit {@code t} list
 * @param eval  datasets to score at every point, as {@code dataset/split} ({@link EvalTarget})
 * @param fit   curve-fitting options for the bends (ignored for linear paths)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PathSpec(String from, String to, CurveSpec curve, GridSpec grid, List<String> eval, FitSpec fit) {

    public PathSpec {
        eval = eval == null ? List.of() : List.copyOf(eval);
    }

    public CurveSpec curveOrDefault() {
        return curve != null ? curve : new CurveSpec(Curve.Kind.LINEAR.spelling(), 0, null);
    }

    public GridSpec gridOrDefault() {
        return grid != null ? grid : new GridSpec(26, null);
    }

    /** Curve kind and bends; {@code init} is where bends start: "midpoint" (default). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CurveSpec(String kind, Integer bends, String init) {

        /** The kind, linear when none is given; throws {@link IllegalArgumentException} for an unknown one. */
        public Curve.Kind kindOrDefault() {
            return kind == null ? Curve.Kind.LINEAR : Curve.Kind.parse(kind);
        }

        /** The bends given, else none for a linear path and one for a curve (an unknown kind counts as a curve). */
        public int bendsOrDefault() {
            if (bends != null) {
                return bends;
            }
            return kind == null || Curve.Kind.LINEAR.spelling().equals(kind) ? 0 : 1;
        }
    }

    /** Either {@code points} equally spaced t values or an explicit list {@code t}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GridSpec(Integer points, List<Double> t) {
    }

    /** Garipov curve fitting: steps on E_t[L(θ(t))] w.r.t. the bends, validated at fixed t. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FitSpec(Integer steps, Double learningRate, Integer batchSize, Integer samplesPerStep,
                          List<Double> validateAt, Long seed) {
    }
}
