package org.modeconn.core.spec;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudySpecTest {

    private static Path resource(String name) throws Exception {
        return Path.of(StudySpecTest.class.getResource("/specs/" + name).toURI());
    }

    private static StudyPlan plan(String yaml) {
        StudyPlanner.Result r = StudyPlanner.plan(SpecReader.readYaml(yaml));
        assertTrue(r.ok(), () -> "unexpected problems: " + r.problems());
        return r.plan();
    }

    private static List<Problem> problems(String yaml) {
        return StudyPlanner.plan(SpecReader.readYaml(yaml)).problems();
    }

    @Test
    void aValidSpecBecomesAPlan() throws Exception {
        StudyPlanner.Result r = StudyPlanner.plan(resource("valid.yaml"));
        assertTrue(r.ok(), () -> r.problems().toString());
        StudyPlan plan = r.plan();
        assertEquals(List.of("seed1", "seed2", "adapter", "lr-1", "lr-2", "lr-3"),
                plan.endpoints().stream().map(StudyPlan.Endpoint::name).toList());
        assertEquals(List.of("line", "curve", "lr-1-to-2", "lr-2-to-3"),
                plan.paths().stream().map(StudyPlan.Path::name).toList());

        StudyPlan.Endpoint seed2 = plan.endpoint("seed2").orElseThrow();
        TrainingConfig c = seed2.config();
        assertEquals("builtin:all-MiniLM-L6-v2", c.base());
        assertEquals("full", c.method().kind(), "built-in default method");
        assertEquals(2.0e-5, c.learningRate());
        assertEquals(64, c.maxLength(), "from the study defaults");
        assertEquals(0.06, c.warmupRatio(), "from the built-in defaults");
        assertEquals(new TrainingConfig.Seeds(2L, 2L, 2L), c.seeds());

        TrainingConfig adapter = plan.endpoint("adapter").orElseThrow().config();
        assertEquals(new TrainingConfig.Method("adapter", 16, null, 0.02, null, null, null, null), adapter.method());
        assertEquals(1.0e-3, adapter.learningRate());

        assertEquals(5.0e-5, plan.endpoint("lr-3").orElseThrow().config().learningRate());
        assertEquals(3L, plan.endpoint("lr-3").orElseThrow().config().seeds().init(), "from the sweep's base");

        StudyPlan.Path line = plan.paths().get(0);
        assertEquals(26, line.grid().size());
        assertEquals("linear", line.curve().spelling());
        assertEquals(0, line.bends());
        StudyPlan.Path curve = plan.paths().get(1);
        assertEquals("bezier", curve.curve().spelling());
        assertEquals(1, curve.bends());
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), curve.grid());
        assertEquals(plan.endpoint("seed1").orElseThrow().id(), curve.fromId());
    }

    @Test
    void anInvalidSpecListsEveryProblemWithItsPath() throws Exception {
        List<Problem> problems = StudyPlanner.plan(resource("invalid.yaml")).problems();
        Map<String, String> byPath = problems.stream().collect(Collectors.toMap(Problem::path, Problem::message, (x, y) -> x + " | " + y));
        assertTrue(byPath.get("$.endpoints.b.colour").contains("unknown field 'colour'"), byPath.toString());
        assertTrue(byPath.get("$.endpoints.b.batchSize").contains("'many' is not a valid integer"), byPath.toString());
        assertTrue(byPath.get("$.datasets.sst2.format").contains("parquet"), byPath.toString());
        assertTrue(byPath.get("$.endpoints.a.method.kind").contains("unknown method 'prefix'"), byPath.toString());
        assertTrue(byPath.get("$.endpoints.a.learningRate").contains("must be > 0"), byPath.toString());
        assertTrue(byPath.get("$.endpoints.b.learningRate").contains("must be > 0"), byPath.toString());
        assertTrue(byPath.get("$.paths.p.to").contains("unknown endpoint 'c'"), byPath.toString());
        assertTrue(byPath.get("$.paths.p.grid.t").contains("does not increase"), byPath.toString());
        assertTrue(byPath.get("$.paths.p.grid.t").contains("outside [0, 1]"), byPath.toString());
        assertTrue(byPath.get("$.paths.p.eval[0]").contains("no split 'test'"), byPath.toString());
        assertTrue(problems.size() >= 10, problems.toString());
    }

    /** Two endpoints that differ in the head's initialisation, joined by a line of 3 points. */
    private static final String TWO_ENDPOINTS = """
            baseModel: builtin:all-MiniLM-L6-v2
            datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
            defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
            endpoints: {a: {seeds: {init: 1}}, b: {seeds: {init: 2}}}
            paths: {p: {from: a, to: b, grid: {points: 3}, eval: [d/dev]}}
            """;

    @Test
    void idsDependOnContentNotOnNamesOrFormat() {
        String yaml = TWO_ENDPOINTS;
        StudyPlan first = plan(yaml);
        StudyPlan again = plan(yaml);
        assertEquals(first, again, "the same spec always yields the same plan");

        String json = """
                {"paths": {"p": {"eval": ["d/dev"], "grid": {"points": 3}, "to": "b", "from": "a"}},
                 "endpoints": {"a": {"seeds": {"init": 1}}, "b": {"seeds": {"init": 2}}},
                 "defaults": {"steps": 10, "batchSize": 8, "learningRate": 1.0e-5, "task": "d"},
                 "datasets": {"d": {"format": "tsv", "text": ["s"], "label": "l", "numLabels": 2,
                                    "splits": {"train": "t.tsv", "dev": "d.tsv"}}},
                 "baseModel": "builtin:all-MiniLM-L6-v2"}
                """;
        StudyPlan fromJson = StudyPlanner.plan(SpecReader.readJson(json)).plan();
        assertEquals(first.studyId(), fromJson.studyId(), "key order and format do not matter");
        assertEquals(first.paths().get(0).id(), fromJson.paths().get(0).id());

        StudyPlan renamed = plan(yaml.replace("a: {seeds", "first: {seeds").replace("from: a", "from: first"));
        assertEquals(first.endpoints().get(0).id(), renamed.endpoints().get(0).id(), "a name is not content");
        assertEquals(first.paths().get(0).id(), renamed.paths().get(0).id());

        StudyPlan otherLr = plan(yaml.replace("learningRate: 1.0e-5", "learningRate: 3.0e-5"));
        assertNotEquals(first.endpoints().get(0).id(), otherLr.endpoints().get(0).id());
        assertNotEquals(first.studyId(), otherLr.studyId());
        assertTrue(first.studyId().matches("study-[0-9a-f]{16}"), first.studyId());
        assertTrue(first.endpoints().get(0).id().matches("ep-[0-9a-f]{16}"));
    }

    /** Work a store holds from before a fix that changed results has other ids, so it is not resumed as current. */
    @Test
    void idsCarryTheComputationVersion() {
        StudyPlan plan = plan(TWO_ENDPOINTS);
        StudyPlan.Endpoint a = plan.endpoint("a").orElseThrow();
        assertEquals(Ids.of("ep", Map.of("config", a.config(), "computation", Ids.COMPUTATION)), a.id());
        assertNotEquals(Ids.of("ep", a.config()), a.id(), "the id of the same endpoint before versions were in ids");
    }

    @Test
    void sweepPairings() {
        String base = """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
                sweeps:
                  s:
                    vary: {seeds.data: [1, 2, 3, 4], method.kind: [full]}
                    pairing: PAIRING
                    path: {grid: {points: 3}, eval: [d/dev]}
                """;
        assertEquals(3, plan(base.replace("PAIRING", "adjacent")).paths().size());
        assertEquals(6, plan(base.replace("PAIRING", "all-pairs")).paths().size());
        StudyPlan star = plan(base.replace("PAIRING", "star"));
        assertEquals(Set.of("s-1"), star.paths().stream().map(StudyPlan.Path::from).collect(Collectors.toSet()));
        assertEquals(4L, star.endpoint("s-4").orElseThrow().config().seeds().data());
        assertEquals(0L, star.endpoint("s-4").orElseThrow().config().seeds().init(), "other seeds stay as they were");

        List<Problem> bad = problems(base.replace("PAIRING", "ring").replace("seeds.data", "seeds.colour"));
        assertTrue(bad.stream().anyMatch(p -> p.path().equals("$.sweeps.s.vary") && p.message().contains("colour")), bad.toString());
    }

    @Test
    void replicatesRepeatASweepWithSeedsFarApartAndGroupEachPairsPaths() {
        String spec = """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10, seeds: {init: 1, data: 2, dropout: 3}}
                sweeps:
                  lr:
                    vary: {learningRate: [1.0e-4, 3.0e-5, 1.0e-5]}
                    replicates: REPLICATES
                    path: {grid: {points: 3}, eval: [d/dev]}
                """;
        StudyPlan plan = plan(spec.replace("REPLICATES", "3"));
        assertEquals(List.of("lr-1", "lr-2", "lr-3", "lr-1-r2", "lr-2-r2", "lr-3-r2", "lr-1-r3", "lr-2-r3", "lr-3-r3"),
                plan.endpoints().stream().map(StudyPlan.Endpoint::name).toList());
        TrainingConfig.Seeds third = plan.endpoint("lr-2-r3").orElseThrow().config().seeds();
        assertEquals(List.of(2001L, 2002L, 2003L), List.of(third.init(), third.data(), third.dropout()));
        assertEquals(3.0e-5, plan.endpoint("lr-2-r3").orElseThrow().config().learningRate());
        assertEquals(9, plan.endpoints().stream().map(StudyPlan.Endpoint::id).distinct().count(), "nine distinct endpoints");

        assertEquals(List.of("lr-1-to-2", "lr-1-to-2-r2", "lr-1-to-2-r3", "lr-2-to-3", "lr-2-to-3-r2", "lr-2-to-3-r3"),
                plan.paths().stream().map(StudyPlan.Path::name).toList());
        StudyPlan.Path p = plan.pathNamed("lr-2-to-3-r2").orElseThrow();
        assertEquals(List.of("lr-2-r2", "lr-3-r2"), List.of(p.from(), p.to()));
        assertEquals(2, plan.comparisons().size());
        StudyPlan.Comparison c = plan.comparisons().get(1);
        assertEquals("lr-2-to-3", c.name());
        assertEquals("lr", c.sweep());
        assertEquals(List.of("lr-2-to-3", "lr-2-to-3-r2", "lr-2-to-3-r3"), c.paths());
        assertEquals("3.0E-5 → 1.0E-5", c.label());

        StudyPlan single = plan(spec.replace("    replicates: REPLICATES\n", ""));
        assertEquals(List.of("lr-1-to-2", "lr-2-to-3"), single.comparisons().stream().map(StudyPlan.Comparison::name).toList());
        assertEquals(List.of("lr-1-to-2"), single.comparisons().get(0).paths(), "without replicates, one path per pair");
        assertEquals(plan.endpoint("lr-1").orElseThrow().id(), single.endpoint("lr-1").orElseThrow().id(),
                "replicate 1 is the plain sweep");

        for (String bad : List.of("0", "51")) {
            List<Problem> problems = problems(spec.replace("REPLICATES", bad));
            assertTrue(problems.stream().anyMatch(q -> q.path().equals("$.sweeps.lr.replicates")
                    && q.message().contains("replicates must be 1 to 50")), problems.toString());
        }
    }

    @Test
    void pairingLastJoinsEndpointsThatDifferOnlyInTheLastKeyAndLabelsThemByTheOthers() {
        StudyPlan plan = plan("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
                sweeps:
                  lr:
                    vary: {learningRate: [1.0e-4, 3.0e-5, 1.0e-5], seeds.data: [1, 2]}
                    pairing: last
                    path: {grid: {points: 3}, eval: [d/dev]}
                """);
        assertEquals(6, plan.endpoints().size());
        assertEquals(List.of("lr-1-to-2", "lr-3-to-4", "lr-5-to-6"), plan.paths().stream().map(StudyPlan.Path::name).toList());
        StudyPlan.Path p = plan.pathNamed("lr-3-to-4").orElseThrow();
        assertEquals(3.0e-5, plan.endpoint(p.from()).orElseThrow().config().learningRate());
        assertEquals(3.0e-5, plan.endpoint(p.to()).orElseThrow().config().learningRate());
        assertEquals(List.of(1L, 2L), List.of(plan.endpoint(p.from()).orElseThrow().config().seeds().data(),
                plan.endpoint(p.to()).orElseThrow().config().seeds().data()));
        StudyPlan.Comparison c = plan.comparisons().get(1);
        assertEquals("learningRate 3.0E-5: seeds.data 1 → seeds.data 2", c.label());
        assertEquals("3.0E-5", c.shortLabel());
        assertEquals(Set.of("learningRate"), c.factors());
        StudyPlan.Comparison plain = plan("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
                sweeps:
                  lr: {vary: {learningRate: [1.0e-4, 3.0e-5]}, path: {grid: {points: 3}, eval: [d/dev]}}
                """).comparisons().get(0);
        assertEquals("1.0E-4 → 3.0E-5", plain.shortLabel());
        assertEquals(Set.of("learningRate"), plain.factors());
    }

    @Test
    void aSweepThatWouldMakeTooManyEndpointsIsRefused() {
        StringBuilder seeds = new StringBuilder();
        for (int i = 1; i <= 1002; i++) {
            seeds.append(i == 1 ? "" : ", ").append(i);
        }
        List<Problem> problems = problems("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
                sweeps:
                  s:
                    vary: {seeds.data: [SEEDS]}
                    path: {grid: {points: 3}, eval: [d/dev]}
                """.replace("SEEDS", seeds));
        assertTrue(problems.stream().anyMatch(p -> p.path().equals("$.endpoints") && p.message().contains("1002 endpoints")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.path().equals("$.paths") && p.message().contains("at most 1000")),
                problems.toString());
    }

    @Test
    void everyScoredSplitHasAHeadThatFitsItBeforeAnyTraining() {
        List<Problem> problems = problems("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  sst2: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}
                  rt: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}
                  imdb: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, test: x.tsv}}
                  nli: {format: tsv, text: [p, h], label: l, numLabels: 3, splits: {train: t.tsv, dev: d.tsv}}
                defaults: {task: sst2, learningRate: 1.0e-5, batchSize: 8, steps: 10}
                endpoints: {a: {seeds: {init: 1}}, b: {seeds: {init: 2}}, r: {task: rt}}
                paths:
                  same: {from: a, to: b, grid: {points: 3}, eval: [sst2/dev, rt/dev, nli/dev]}
                  cross: {from: a, to: r, grid: {points: 3}, eval: [sst2/dev, rt/dev, imdb/test]}
                """);
        assertEquals(List.of("$.paths.same.eval[2]", "$.paths.cross.eval[2]"), problems.stream().map(Problem::path).toList(),
                problems.toString());
        assertTrue(problems.get(0).message().contains("cannot score nli (3 classes)"), problems.toString());
        assertTrue(problems.get(1).message().contains("neither is"), problems.toString());
    }

    @Test
    void crossChecksBetweenParts() {
        List<Problem> problems = problems("""
                baseModel: builtin:gpt-5
                datasets: {d: {format: csv, text: [a, b, c], label: l, splits: {train: t.csv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 0, steps: 10, subset: {half: 3}}
                pretraining:
                  tiny: {config: {layers: 2, hidden: 100, heads: 3, intermediate: 64, vocabSize: 100, maxPositions: 32},
                         corpus: {train: c.txt}, steps: 100, checkpointEvery: 40, learningRate: 1.0e-3, batchSize: 8, maxLength: 32}
                endpoints:
                  full: {}
                  lora: {method: {kind: lora, rank: 4, bottleneck: 8}, base: "pretrain:tiny@50"}
                paths:
                  p: {from: full, to: lora, curve: {kind: bezier}, grid: {points: 1}, eval: [d/train]}
                """);
        String all = problems.toString();
        for (String expected : List.of(
                "$.endpoints.full.base: unknown built-in model 'gpt-5'",
                "$.datasets.d.text: give one text field, or two",
                "$.datasets.d: give labelMap or numLabels",
                "$.endpoints.full.batchSize: batch size must be > 0",
                "$.endpoints.full.subset.half: half must be 1 or 2",
                "$.pretraining.tiny.config: hidden size 100 is not divisible by 3 heads",
                "$.endpoints.lora.base: run 'tiny' saves no checkpoint at step 50 (it saves [40, 80, 100])",
                "$.endpoints.lora.method.bottleneck: option 'bottleneck' does not apply to method 'lora'",
                "$.paths.p: 'full' uses full and 'lora' uses lora",
                "$.paths.p: 'full' and 'lora' start from different base models",
                "$.paths.p.grid.points: points must be between 2 and 1001",
                "$.paths.p.fit: a bezier curve needs fit settings")) {
            assertTrue(all.contains(expected), "missing <" + expected + "> in " + all);
        }
    }

    @Test
    void aLabelMapWithAGapIsRefusedBeforeTraining() throws Exception {
        Path spec = Path.of(StudySpecTest.class.getResource("/cases/labelmap-gap/study-labelmap-gap.yaml").toURI());
        StudyPlanner.Result r = StudyPlanner.plan(spec);
        assertEquals(List.of("$.datasets.d.labelMap: class indices must be exactly 0..k-1, got [0, 1, 3]"),
                r.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void labelMapIndicesAreExactlyZeroToKMinusOne() {
        String base = """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, MAP, splits: {train: t.tsv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
                endpoints: {a: {}}
                """;
        plan(base.replace("MAP", "labelMap: {pos: 1, positive: 1, neg: 0}"));
        plan(base.replace("MAP", "labelMap: {a: 0, b: 1, c: 2}, numLabels: 3"));
        assertEquals(List.of("$.datasets.d.labelMap: class indices must be exactly 0..k-1, got [1, 2]"),
                problems(base.replace("MAP", "labelMap: {a: 1, b: 2}")).stream().map(Problem::toString).toList());
        assertEquals(List.of("$.datasets.d.labelMap: class indices must be exactly 0..k-1, got [-1, 0, 1]"),
                problems(base.replace("MAP", "labelMap: {a: -1, b: 0, c: 1}")).stream().map(Problem::toString).toList());
        assertEquals(List.of("$.datasets.d.labelMap: a classification task needs at least 2 classes"),
                problems(base.replace("MAP", "labelMap: {a: 0, b: 0}")).stream().map(Problem::toString).toList());
        assertEquals(List.of("$.datasets.d.numLabels: numLabels 3 disagrees with labelMap's 2 classes"),
                problems(base.replace("MAP", "labelMap: {a: 0, b: 1}, numLabels: 3")).stream().map(Problem::toString).toList());
        assertEquals(List.of("$.datasets.d.labelMap.b: has no value (null): give one or leave the entry out"),
                problems(base.replace("MAP", "labelMap: {a: 0, b: null, c: 1}")).stream().map(Problem::toString).toList());
    }

    /**
     * YAML's own way to write a block once: anchors, aliases and merge keys mean what they say (Jackson's
     * readTree alone reads {@code *name} as the string "name"), and a broken one is a problem with a line.
     */
    @Test
    void anchorsAliasesAndMergeKeysAreResolved() {
        String spelledOut = """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
                sweeps:
                  full:
                    base: {learningRate: 1.0e-4}
                    vary: {seeds: [{init: 1, data: 1, dropout: 1}, {init: 2, data: 2, dropout: 2}]}
                    path: {grid: {points: 3}, eval: [d/dev]}
                  bitfit:
                    base: {method: {kind: bitfit}, learningRate: 1.0e-3}
                    vary: {seeds: [{init: 1, data: 1, dropout: 1}, {init: 2, data: 2, dropout: 2}]}
                    path: {grid: {points: 3}, eval: [d/dev]}
                """;
        String shared = """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
                sweeps:
                  full: &seedPair
                    base: {learningRate: 1.0e-4}
                    vary: {seeds: [{init: 1, data: 1, dropout: 1}, &two {init: 2, data: 2, dropout: 2}]}
                    path: {grid: {points: 3}, eval: [d/dev]}
                  bitfit:
                    <<: *seedPair
                    base: {method: {kind: bitfit}, learningRate: 1.0e-3}
                """;
        StudyPlanner.Result a = StudyPlanner.plan(SpecReader.readYaml(spelledOut));
        StudyPlanner.Result b = StudyPlanner.plan(SpecReader.readYaml(shared));
        try { // the tree that `modeconn run` and `submit` stage and publish is the resolved one too
            java.nio.file.Path f = java.nio.file.Files.createTempFile("shared", ".yaml");
            java.nio.file.Files.writeString(f, shared);
            assertEquals(StudyPlanner.plan(SpecReader.fromTree(SpecReader.tree(f))).plan().studyId(), a.plan().studyId());
            java.nio.file.Files.delete(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(a.ok(), a.problems().toString());
        assertTrue(b.ok(), b.problems().toString());
        assertEquals(a.plan().studyId(), b.plan().studyId(), "the same study, however it is written");

        Map<String, String> p = problems(SpecReader.readYaml(shared.replace("<<: *seedPair", "<<: *seedPairs")));
        assertTrue(p.values().stream().anyMatch(m -> m.startsWith("unknown YAML alias *seedPairs")), p.toString());
        assertTrue(p.keySet().stream().anyMatch(k -> k.startsWith("$ (line 10")), p.toString());
        p = problems(SpecReader.readYaml(shared.replace("<<: *seedPair", "<<: [*two, 3]")));
        assertTrue(p.values().stream().anyMatch(m -> m.startsWith("a merge key (<<) takes a mapping")), p.toString());
        p = problems(SpecReader.readYaml(shared.replace("steps: 10", "steps: &n 10").replace("batchSize: 8", "batchSize: *n")));
        assertTrue(p.values().stream().anyMatch(m -> m.contains("anchors on single values are not read")), p.toString());
        p = problems(SpecReader.readYaml(shared.replace("    <<: *seedPair\n", "    <<: *seedPair\n    base: {}\n")));
        assertTrue(p.values().stream().anyMatch(m -> m.contains("Duplicate field 'base'")), p.toString());
    }

    /** Splits cut from one file name their rows; a cut that lets a model be scored on its own training rows is refused. */
    @Test
    void splitsCutFromOneFileMustNotShareRows() {
        String nli = BASE.replace("splits: {train: t.tsv, dev: d.tsv}", "splits: {train: t.tsv, dev: t.tsv}, "
                + "rows: {train: {from: 0, to: 0.8, seed: 7}, dev: {from: 0.8, to: 1, seed: 7}}");
        StudyPlanner.Result ok = StudyPlanner.plan(SpecReader.readYaml(nli));
        assertTrue(ok.ok(), ok.problems().toString());
        assertTrue(!ok.plan().studyId().equals(StudyPlanner.plan(SpecReader.readYaml(BASE)).plan().studyId()));

        assertTrue(StudyPlanner.plan(SpecReader.readYaml(BASE.replace("dev: d.tsv", "dev: t.tsv"))).ok(),
                "whole files: one file for two splits is allowed (a smoke test)");
        Map<String, String> p = problems(SpecReader.readYaml(nli.replace("dev: {from: 0.8, to: 1, seed: 7}", "test: {from: 0.8, to: 1, seed: 7}")
                .replace("dev: t.tsv}", "dev: t.tsv, test: t2.tsv}")));
        assertTrue(p.getOrDefault("$.datasets.d.rows", "").startsWith("splits 'train' and 'dev' read the same file"), p.toString());
        p = problems(SpecReader.readYaml(nli.replace("from: 0.8, to: 1, seed: 7", "from: 0.7, to: 1, seed: 7")));
        assertTrue(p.containsKey("$.datasets.d.rows"), "overlapping ranges: " + p);
        p = problems(SpecReader.readYaml(nli.replace("from: 0.8, to: 1, seed: 7", "from: 0.8, to: 1, seed: 8")));
        assertTrue(p.containsKey("$.datasets.d.rows"), "other shuffles: " + p);
        p = problems(SpecReader.readYaml(nli.replace("from: 0.8, to: 1, seed: 7", "from: 0.8, to: 1.5, seed: 7")));
        assertTrue(p.getOrDefault("$.datasets.d.rows.dev", "").startsWith("from and to must satisfy"), p.toString());
        p = problems(SpecReader.readYaml(nli.replace("dev: {from", "test: {from")));
        assertTrue(p.getOrDefault("$.datasets.d.rows.test", "").startsWith("no split 'test'"), p.toString());
    }

    /** Training dynamics name a split of the endpoint's task and a positive interval. */
    @Test
    void trainingDynamicsNameASplitOfTheTask() {
        StudyPlanner.Result ok = StudyPlanner.plan(SpecReader.readYaml(BASE.replace("steps: 10}", "steps: 10, dynamics: {split: dev, every: 5}}")));
        assertTrue(ok.ok(), ok.problems().toString());
        assertEquals(new TrainingConfig.Dynamics("dev", 5), ok.plan().endpoints().get(0).config().dynamics());
        Map<String, String> p = problems(SpecReader.readYaml(BASE.replace("steps: 10}", "steps: 10, dynamics: {split: test, every: 0}}")));
        assertTrue(p.getOrDefault("$.endpoints.a.dynamics.split", "").startsWith("dataset 'd' has no split 'test'"), p.toString());
        assertTrue(p.getOrDefault("$.endpoints.a.dynamics.every", "").startsWith("every must be"), p.toString());
    }

    @Test
    void unreadableInputIsOneProblemWithALocation() {
        List<Problem> problems = StudyPlanner.plan(SpecReader.readJson("{\"name\": \"x\",")).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).path().startsWith("$ (line"), problems.toString());
        assertNull(StudyPlanner.plan(SpecReader.readYaml("")).plan());
        assertEquals("$", StudyPlanner.plan(SpecReader.readYaml("")).problems().get(0).path());
    }

    private static final String BASE = """
            baseModel: builtin:all-MiniLM-L6-v2
            datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
            defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
            endpoints: {a: {seeds: {init: 1, data: 1, dropout: 1}}, b: {seeds: {init: 2, data: 2, dropout: 2}}}
            paths: {line: {from: a, to: b, grid: {points: 3}, eval: [d/dev]}}
            """;

    private static Map<String, String> problems(SpecReader.Result read) {
        return StudyPlanner.plan(read).problems().stream()
                .collect(Collectors.toMap(Problem::path, Problem::message, (x, y) -> x + " | " + y));
    }

    /** Two texts must never mean one study: nothing is truncated, converted, or read past its end. */
    @Test
    void valuesKeepTheirTypeAndAStudyIsOneDocument() {
        assertTrue(StudyPlanner.plan(SpecReader.readYaml(BASE)).ok());
        Map<String, String> p = problems(SpecReader.readYaml(BASE.replace("batchSize: 8", "batchSize: 2.5")));
        assertTrue(p.containsKey("$.defaults.batchSize"), p.toString());
        p = problems(SpecReader.readYaml(BASE.replace("init: 2,", "init: 1.5,")));
        assertTrue(p.containsKey("$.endpoints.b.seeds.init"), p.toString());
        p = problems(SpecReader.readYaml(BASE.replace("batchSize: 8", "batchSize: \"8\"")));
        assertTrue(p.containsKey("$.defaults.batchSize"), p.toString());
        p = problems(SpecReader.readYaml(BASE.replace("numLabels: 2", "labelMap: {'0': 0, '1': 1.5}")));
        assertTrue(p.keySet().stream().anyMatch(k -> k.startsWith("$.datasets.d.labelMap")), p.toString());
        p = problems(SpecReader.readYaml(BASE.replace("text: [s]", "text: s")));
        assertTrue(p.get("$.datasets.d.text").startsWith("expected list but found a string"), p.toString());
        p = problems(SpecReader.readYaml(BASE + "---\nname: other\n"));
        assertTrue(p.values().stream().anyMatch(m -> m.contains("one YAML document")), p.toString());
        p = problems(SpecReader.readJson("{\"name\": \"x\"}\n{\"paths\": {}}"));
        assertTrue(p.values().stream().anyMatch(m -> m.contains("Trailing token")), p.toString());
    }

    @Test
    void aPathOfLengthZeroAndALabelReadAsInputAreRefused() {
        Map<String, String> p = problems(SpecReader.readYaml(BASE.replace("init: 2, data: 2, dropout: 2", "init: 1, data: 1, dropout: 1")));
        assertTrue(p.getOrDefault("$.paths.line.to", "").contains("'a' and 'b' have the same settings"), p.toString());
        p = problems(SpecReader.readYaml(BASE.replace("text: [s]", "text: [l]")));
        assertTrue(p.getOrDefault("$.datasets.d.text", "").contains("'l' is the label field"), p.toString());
        p = problems(SpecReader.readYaml(BASE.replace("text: [s]", "text: [s, s]")));
        assertTrue(p.getOrDefault("$.datasets.d.text", "").contains("the field 's' is named twice"), p.toString());
    }

    @Test
    void aStudyChoosesTheRuleOfItsVerdictsAndAnUnknownRuleIsAProblem() {
        assertEquals(org.modeconn.core.metrics.BarrierRule.LINEAR,
                StudyPlanner.plan(SpecReader.readYaml(BASE)).plan().spec().barrierRuleOrDefault());
        StudyPlanner.Result mean = StudyPlanner.plan(SpecReader.readYaml(BASE + "barrierRule: mean\n"));
        assertEquals(org.modeconn.core.metrics.BarrierRule.MEAN, mean.plan().spec().barrierRuleOrDefault());
        assertTrue(!mean.plan().studyId().equals(StudyPlanner.plan(SpecReader.readYaml(BASE)).plan().studyId()),
                "the rule is part of what the study asks");
        Map<String, String> p = problems(SpecReader.readYaml(BASE + "barrierRule: median\n"));
        assertEquals("unknown barrier rule 'median' (known: [mean, linear, worse-endpoint])", p.get("$.barrierRule"), p.toString());
    }
}
