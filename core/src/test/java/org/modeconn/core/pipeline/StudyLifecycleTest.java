package org.modeconn.core.pipeline;

import org.junit.jupiter.api.Test;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.spec.StudyPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reporter's rule of completion: once, on whichever event finishes the study, in any order, retries included. */
class StudyLifecycleTest {
    /** Two endpoints, one line of two points scored on one split: 2 checkpoints, 2 points, 2 evaluations. */
    private static final StudyPlan PLAN = plan();

    private static StudyPlan plan() {
        org.modeconn.core.spec.StudyPlanner.Result r = org.modeconn.core.spec.StudyPlanner.plan(
                org.modeconn.core.spec.SpecReader.readYaml("""
                        baseModel: builtin:all-MiniLM-L6-v2
                        datasets:
                          d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}
                        defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 2}
                        endpoints:
                          a: {seeds: {init: 1, data: 1, dropout: 1}}
                          b: {seeds: {init: 2, data: 2, dropout: 2}}
                        paths:
                          line: {from: a, to: b, grid: {points: 2}, eval: [d/dev]}
                        """));
        assertTrue(r.ok(), r.problems().toString());
        return r.plan();
    }

    /** Every event of {@link #PLAN}, as a call on a lifecycle. */
    private static List<Function<StudyLifecycle, StudyLifecycle.Outcome>> events() {
        StudyPlan.Path line = PLAN.paths().get(0);
        List<Function<StudyLifecycle, StudyLifecycle.Outcome>> events = new ArrayList<>();
        for (String id : TrainingJobs.checkpoints(PLAN)) {
            events.add(l -> l.checkpoint(id));
        }
        for (int i = 0; i < 2; i++) {
            PathPointReady point = new PathPointReady(Event.SCHEMA, PLAN.studyId(), line.id(), i, i, PipelineLogicTest.BLOB);
            PointEvaluated score = new PointEvaluated(Event.SCHEMA, PLAN.studyId(), line.id(), i, i, "d/dev", 10, 0.5, 0.8,
                    0.8, PipelineLogicTest.BLOB);
            events.add(l -> l.point(point));
            events.add(l -> l.evaluation(score));
        }
        return events;
    }

    /** Whether event {@code i} of {@link #events()} is a checkpoint or an evaluation (what completion waits for). */
    private static boolean awaited(int i) {
        return i < 2 || (i - 2) % 2 == 1;
    }

    @Test
    void completesExactlyOnceOnWhicheverEventFinishesTheStudyInEveryOrderWithEveryEventDeliveredTwice() {
        List<Function<StudyLifecycle, StudyLifecycle.Outcome>> events = events();
        List<int[]> orders = new ArrayList<>();
        permutations(new int[events.size()], new boolean[events.size()], 0, orders);
        assertEquals(720, orders.size());
        for (int[] order : orders) {
            StudyLifecycle l = new StudyLifecycle(PLAN);
            int last = -1;
            for (int k = 0; k < order.length; k++) {
                if (awaited(order[k])) {
                    last = k;
                }
            }
            List<Integer> completedAt = new ArrayList<>();
            for (int k = 0; k < 2 * order.length; k++) { // every event, then every event again
                StudyLifecycle.Outcome o = events.get(order[k % order.length]).apply(l);
                assertEquals(k < order.length, o.counted(), "only a first delivery is counted");
                if (o.completes()) {
                    completedAt.add(k);
                    l.completed();
                }
            }
            assertEquals(List.of(last), completedAt, "order " + java.util.Arrays.toString(order));
            assertEquals(StudyStatus.State.COMPLETED, l.state());
        }
    }

    private static void permutations(int[] prefix, boolean[] used, int n, List<int[]> into) {
        if (n == prefix.length) {
            into.add(prefix.clone());
            return;
        }
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                used[i] = true;
                prefix[n] = i;
                permutations(prefix, used, n + 1, into);
                used[i] = false;
            }
        }
    }

    @Test
    void theRetryOfAnEventWhoseCompletionFailedCompletesTheStudy() {
        List<Function<StudyLifecycle, StudyLifecycle.Outcome>> events = events();
        StudyLifecycle l = new StudyLifecycle(PLAN);
        for (int i = 0; i < events.size() - 1; i++) {
            assertFalse(events.get(i).apply(l).completes());
        }
        Function<StudyLifecycle, StudyLifecycle.Outcome> lastEvaluation = events.get(events.size() - 1);
        assertEquals(new StudyLifecycle.Outcome(true, true), lastEvaluation.apply(l));
        // building the reports threw (the store briefly unreachable): completed() is not called, the inbox retries
        assertEquals(new StudyLifecycle.Outcome(false, true), lastEvaluation.apply(l), "the retry completes, counting nothing");
        l.completed();
        assertEquals(new StudyLifecycle.Outcome(false, false), lastEvaluation.apply(l));
    }

    @Test
    void aFailureStopsNothingThatStillArrivesAndCannotUndoACompletion() {
        List<Function<StudyLifecycle, StudyLifecycle.Outcome>> events = events();
        StudyLifecycle l = new StudyLifecycle(PLAN);
        assertEquals(StudyStatus.State.ACCEPTED, l.state());
        events.get(0).apply(l);
        assertEquals(StudyStatus.State.PROGRESS, l.state());
        assertTrue(l.failed("evaluator-service: boom"));
        assertEquals(StudyStatus.State.FAILED, l.state());
        assertEquals("evaluator-service: boom", l.message());
        assertFalse(l.requestedAgain(), "unfinished: nothing to announce again");
        assertEquals(StudyStatus.State.ACCEPTED, l.state(), "published again after a failure, it starts afresh");
        assertNull(l.message());
        assertTrue(l.failed("trainer-service: again"));
        boolean completed = false;
        for (int i = 1; i < events.size(); i++) {
            StudyLifecycle.Outcome o = events.get(i).apply(l);
            assertEquals(StudyStatus.State.FAILED, l.state(), "counting work does not hide a failure");
            if (o.completes()) {
                completed = true;
                l.completed();
            }
        }
        assertTrue(completed, "the work that still arrived finished the study");
        assertEquals(StudyStatus.State.COMPLETED, l.state());
        assertNull(l.message());
        assertFalse(l.failed("late"), "a completed study keeps its reports");
        assertEquals(StudyStatus.State.COMPLETED, l.state());
        assertTrue(l.requestedAgain(), "published again when finished: its reports are announced again");
    }

    @Test
    void anEventOutsideThePlanCountsNothing() {
        StudyLifecycle l = new StudyLifecycle(PLAN);
        assertEquals(new StudyLifecycle.Outcome(false, false), l.checkpoint("ep-not-in-this-study"));
        assertEquals(StudyStatus.State.ACCEPTED, l.state());
    }
}
