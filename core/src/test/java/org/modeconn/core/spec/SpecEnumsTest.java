package org.modeconn.core.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modeconn.core.path.Curve;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spec's enumerations: every spelling round-trips, and an unknown one is a problem at its JSON path. */
class SpecEnumsTest {

    private static <E extends Enum<E> & SpecEnum> void roundTrips(Class<E> type, Function<String, E> parse,
                                                                    List<String> spellings) {
        assertEquals(spellings, SpecEnum.spellings(type));
        for (E e : type.getEnumConstants()) {
            assertEquals(e, parse.apply(e.spelling()));
            assertEquals(e.spelling(), e.toString());
        }
        var unknown = assertThrows(IllegalArgumentException.class, () -> parse.apply("nope"));
        assertTrue(unknown.getMessage().endsWith("'nope' (known: " + spellings + ")"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse.apply(spellings.get(0).toUpperCase()), "spellings are exact");
    }

    @Test
    void everySpellingRoundTrips() {
        roundTrips(MethodKind.class, MethodKind::parse, List.of("full", "adapter", "lora", "bitfit"));
        roundTrips(Activation.class, Activation::parse, List.of("relu", "gelu", "tanh"));
        roundTrips(Schedule.class, Schedule::parse, List.of("linear", "constant"));
        roundTrips(DatasetFormat.class, DatasetFormat::parse, List.of("tsv", "csv", "jsonl"));
        roundTrips(Pairing.class, Pairing::parse, List.of("all-pairs", "adjacent", "star", "last"));
        roundTrips(LoraTarget.class, LoraTarget::parse,
                List.of("query", "key", "value", "attention.output", "intermediate", "output"));
        roundTrips(Curve.Kind.class, Curve.Kind::parse, List.of("linear", "bezier", "polychain"));
    }

    @Test
    void aMissingValueIsRequiredNotDefaulted() {
        var e = assertThrows(IllegalArgumentException.class, () -> MethodKind.parse(null));
        assertEquals("method is required (one of [full, adapter, lora, bitfit])", e.getMessage());
    }

    @Test
    void typedAccessorsDocumentTheirDefaults() {
        TrainingConfig.Method adapter = new TrainingConfig.Method("adapter", 8, null, null, null, null, null, null);
        assertEquals(Activation.RELU, adapter.activationOrDefault());
        assertEquals(List.of(LoraTarget.QUERY, LoraTarget.VALUE), adapter.targetsOrDefault());
        assertEquals(Schedule.LINEAR, TrainingConfig.BUILT_IN.scheduleKind());
        assertEquals(Pairing.ADJACENT, new SweepSpec(null, null, null, null, null).pairingOrDefault());
        assertEquals(Curve.Kind.LINEAR, new PathSpec.CurveSpec(null, null, null).kindOrDefault());
    }

    private static final String STUDY = """
            baseModel: builtin:all-MiniLM-L6-v2
            datasets: {d: {format: FORMAT, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}}
            defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10, schedule: SCHEDULE}
            endpoints:
              a: {method: {kind: METHOD}}
              b: {method: {kind: adapter, bottleneck: 8, activation: ACTIVATION}}
              c: {method: {kind: lora, rank: 4, targets: [query, TARGET]}}
            sweeps:
              s: {vary: {seeds.init: [1, 2]}, pairing: PAIRING, path: {eval: [d/dev], grid: {points: 3}}}
            paths:
              p: {from: a, to: s-1, curve: {kind: CURVE}, eval: [d/dev], grid: {points: 3}}
            """;

    /** The study with {@code field} set to {@code value} (null: none) and every other field a known value. */
    private static String study(String field, String value) {
        String yaml = value == null ? STUDY : STUDY.replace(field, value);
        return yaml.replace("FORMAT", "tsv").replace("SCHEDULE", "constant").replace("METHOD", "full")
                .replace("ACTIVATION", "tanh").replace("TARGET", "value").replace("PAIRING", "star").replace("CURVE", "linear");
    }

    @Test
    void theStudyWithKnownValuesIsValid() {
        StudyPlanner.Result r = StudyPlanner.plan(SpecReader.readYaml(study(null, null)));
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(MethodKind.FULL, r.plan().endpoint("a").orElseThrow().method());
        assertEquals(Curve.Kind.LINEAR, r.plan().paths().get(0).curve());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FORMAT|$.datasets.d.format|unknown format 'xml' (known: [tsv, csv, jsonl])",
            "SCHEDULE|$.endpoints.a.schedule|unknown schedule 'xml' (known: [linear, constant])",
            "METHOD|$.endpoints.a.method.kind|unknown method 'xml' (known: [full, adapter, lora, bitfit])",
            "ACTIVATION|$.endpoints.b.method.activation|unknown activation 'xml' (known: [relu, gelu, tanh])",
            "TARGET|$.endpoints.c.method.targets[1]|unknown LoRA target 'xml' (known: [query, key, value, attention.output, intermediate, output])",
            "PAIRING|$.sweeps.s.pairing|unknown pairing 'xml' (known: [all-pairs, adjacent, star, last])",
            "CURVE|$.paths.p.curve.kind|unknown curve 'xml' (known: [linear, bezier, polychain])"})
    void anUnknownValueIsAProblemAtItsPath(String field, String path, String message) {
        List<Problem> problems = StudyPlanner.plan(SpecReader.readYaml(study(field, "xml"))).problems();
        assertTrue(problems.contains(new Problem(path, message)), problems.toString());
    }
}
