package org.modeconn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench reads the services' own per-job and per-point log lines (formats of JobRunner, PointWriter and PointScorer). */
class PipelineBenchTest {
    @TempDir
    Path dir;

    @Test
    void sumsTheSecondsEachServiceLoggedPerPoint() throws IOException {
        Path interpolator = dir.resolve("interpolator-service.log");
        Files.write(interpolator, List.of(
                "09:24:10 INFO  [or.mo.in.PointWriter] path line point 0 (t = 0.000): 90871234 bytes in 1.25 s",
                "09:24:11 INFO  [io.quarkus] unrelated line with 3 bytes in it",
                "09:24:12 INFO  [or.mo.in.PointWriter] path line point 1 (t = 0.020): 90871234 bytes in 0.75 s"));
        assertEquals(2.0, PipelineBench.loggedSeconds(interpolator, PipelineBench.BLEND_SECONDS), 1e-12);
        Path evaluator = dir.resolve("evaluator-service.log");
        Files.write(evaluator, List.of(
                "09:24:12 INFO  [or.mo.ev.PointScorer] path line point 0: control points ready in 1.5 s, blended from 2 control points in 0.25 s",
                "09:24:16 INFO  [or.mo.ev.PointScorer] path line point 1: control points ready in 0.00 s, blended from 2 control points in 0.5 s",
                "09:24:13 INFO  [or.mo.ev.PointScorer] path line point 0 (t = 0.000) on sst2/dev: loss 0.4012, accuracy 0.8200 (218 examples, 2.5 s; scoring 2.25 s, store requests 0.125 s)",
                "09:24:14 INFO  [or.mo.ev.PointScorer] loaded base model builtin:all-MiniLM-L6-v2",
                "09:24:15 INFO  [or.mo.ev.PointScorer] path line point 0 (t = 0.000) on rt/dev: loss 0.5012, accuracy 0.7700 (213 examples, 1.5 s; scoring 1.25 s, store requests 0.0625 s)"));
        assertEquals(4.0, PipelineBench.loggedSeconds(evaluator, PipelineBench.EVALUATION_SECONDS), 1e-12);
        assertEquals(0.75, PipelineBench.loggedSeconds(evaluator, PipelineBench.EVALUATOR_BLEND_SECONDS), 1e-12);
        assertEquals(1.5, PipelineBench.loggedSeconds(evaluator, PipelineBench.EVALUATOR_FETCH_SECONDS), 1e-12);
        assertEquals(3.5, PipelineBench.loggedSeconds(evaluator, PipelineBench.EVALUATOR_SCORE_SECONDS), 1e-12);
        assertEquals(0.1875, PipelineBench.loggedSeconds(evaluator, PipelineBench.EVALUATOR_STORE_SECONDS), 1e-12);
        Path trainer = dir.resolve("trainer-service.log");
        Files.write(trainer, List.of(
                "09:20:00 INFO  [or.mo.tr.JobRunner] training endpoint a (ep-1) of study study-1: full, 60 steps",
                "09:20:50 INFO  [or.mo.tr.StoredTrainingState] endpoint a: training state at step 50 saved (258 MB; written in 0.75"
                        + " s, uploaded in 3.5 s beside training)",
                "09:21:00 INFO  [or.mo.tr.JobRunner] endpoint a (ep-1) of study study-1 trained: 60 steps, final loss 0.5012 (mean of"
                        + " the last 10), 55.5 s training, 60.25 s in all",
                "09:22:00 INFO  [or.mo.tr.JobRunner] 1 bend(s) of path curve (path-1) of study study-1 fitted: best validation loss"
                        + " 0.4000 at step 3, 20.5 s in all"));
        assertEquals(80.75, PipelineBench.loggedSeconds(trainer, PipelineBench.JOB_SECONDS), 1e-12);
        assertEquals(55.5, PipelineBench.loggedSeconds(trainer, PipelineBench.TRAINING_LOOP_SECONDS), 1e-12);
        assertEquals(0.75, PipelineBench.loggedSeconds(trainer, PipelineBench.STATE_WRITE_SECONDS), 1e-12);
        assertEquals(3.5, PipelineBench.loggedSeconds(trainer, PipelineBench.STATE_UPLOAD_SECONDS), 1e-12);
        Path reporter = dir.resolve("reporter-service.log");
        Files.write(reporter, List.of(
                "09:23:00 INFO  [or.mo.re.Reports] study study-1: report written and published in 3.25 s (4 charts; PNG images"
                        + " drawn in 1.50 s)"));
        assertEquals(3.25, PipelineBench.loggedSeconds(reporter, PipelineBench.REPORT_SECONDS), 1e-12);
        assertEquals(1.5, PipelineBench.loggedSeconds(reporter, PipelineBench.REPORT_IMAGE_SECONDS), 1e-12);
    }

    @Test
    void memoryGrowthIsTheLeastSquaresSlopeAfterTheFirstTenth() {
        // RSS 1000 MiB + 0.5 MiB per evaluation from 10 evaluations on; the warm-up samples before it are ignored.
        List<PipelineBench.Sample> samples = new java.util.ArrayList<>();
        samples.add(new PipelineBench.Sample(0, "evaluator-service", 100 * 1024, 0, ContextSwitches.NONE, 0));
        for (int e = 10; e <= 100; e += 10) {
            samples.add(new PipelineBench.Sample(e, "evaluator-service", (long) ((1000 + 0.5 * e) * 1024), 0, ContextSwitches.NONE, e));
        }
        assertEquals(50.0, PipelineBench.growthMiBPer100(samples, 10), 1e-9);
        assertEquals(Double.NaN, PipelineBench.growthMiBPer100(samples.subList(0, 2), 10));
    }

    @Test
    void coresWhileScoringAreEachProcessesCpuOverTheSpanFromTheFirstToTheLastEvaluation() {
        // Sampled at 0..6 s; the first evaluation is counted at 2 s, all four by 5 s (and still at 6 s).
        // The evaluator burns 1.5 cores throughout, the reporter 0.1, this process 0.5 only inside the span.
        int[] counted = {0, 0, 1, 2, 3, 4, 4};
        List<PipelineBench.Sample> samples = new java.util.ArrayList<>();
        for (int t = 0; t <= 6; t++) {
            samples.add(new PipelineBench.Sample(t, "evaluator-service", 1, 1.5 * t, ContextSwitches.NONE, counted[t]));
            samples.add(new PipelineBench.Sample(t, "reporter-service", 1, 0.1 * t, ContextSwitches.NONE, counted[t]));
            samples.add(new PipelineBench.Sample(t, PipelineBench.THIS_PROCESS, 1, 0.5 * Math.min(Math.max(t - 2, 0), 3),
                    ContextSwitches.NONE, counted[t]));
        }
        java.util.Map<String, Double> cores = PipelineBench.coresWhileScoring(samples);
        assertEquals(List.of("evaluator-service", "reporter-service", PipelineBench.THIS_PROCESS), List.copyOf(cores.keySet()));
        assertEquals(1.5, cores.get("evaluator-service"), 1e-12);
        assertEquals(0.1, cores.get("reporter-service"), 1e-12);
        assertEquals(0.5, cores.get(PipelineBench.THIS_PROCESS), 1e-12);
        // No evaluation, or all of them counted in the first sample that counts one: no span.
        assertEquals(java.util.Map.of(), PipelineBench.coresWhileScoring(samples.subList(0, 6)));
        assertEquals(java.util.Map.of(), PipelineBench.coresWhileScoring(List.of(
                new PipelineBench.Sample(0, "evaluator-service", 1, 0, ContextSwitches.NONE, 4),
                new PipelineBench.Sample(1, "evaluator-service", 1, 1, ContextSwitches.NONE, 4))));
    }

    @Test
    void roundsAlternateTheOrderAndTheirRatiosArePrintedSideBySide() {
        assertTrue(PipelineBench.inProcessFirst(1));
        assertFalse(PipelineBench.inProcessFirst(2));
        assertTrue(PipelineBench.inProcessFirst(3));
        // Three rounds of one mode: pipeline 130, 150, 200 s against 100 s in process (of which 50 s scoring), the
        // evaluator scoring 55, 60, 80 s.
        List<PipelineBench.Result> results = new java.util.ArrayList<>();
        double[][] rounds = {{130, 55}, {150, 60}, {200, 80}};
        for (double[] r : rounds) {
            StudyCompute.Result inProcess = new StudyCompute.Result(40, 0, 10, 50, 100, ContextSwitches.NONE, 4, java.util.Map.of());
            PipelineBench.Breakdown b = new PipelineBench.Breakdown(10, 45, 40, 0, 0, 0, r[1] + 2, 0, 0, r[1], 1, 1, 0.5);
            results.add(new PipelineBench.Result(r[0], inProcess, List.of(), 4, 0, b));
        }
        assertEquals("over 3 rounds, points blended: overhead 1.30x, 1.50x, 2.00x; median 1.50x, range 1.30-2.00x; the"
                + " evaluator's scoring / in-process scoring 1.10x, 1.20x, 1.60x; in-process work 100.0, 100.0, 100.0 s%n".formatted(),
                PipelineBench.roundsSummary(results, List.of(PipelineBench.PointMode.BLENDED)));
        // Two modes per round, interleaved as measure returns them: each mode's rounds are summarised apart.
        List<PipelineBench.Result> twoModes = List.of(results.get(0), results.get(2), results.get(1), results.get(2));
        String summary = PipelineBench.roundsSummary(twoModes, List.of(PipelineBench.PointMode.STORED, PipelineBench.PointMode.BLENDED));
        assertTrue(summary.contains("over 2 rounds, points stored: overhead 1.30x, 1.50x; median 1.40x, range 1.30-1.50x"), summary);
        assertTrue(summary.contains("over 2 rounds, points blended: overhead 2.00x, 2.00x; median 2.00x, range 2.00-2.00x"), summary);
    }

    @Test
    void switchesWhileScoringAreEachProcessesRatesOverTheSameSpan() {
        // The first evaluation is counted at 2 s, all three by 4 s. The evaluator's threads sleep 1,000 times a second and
        // are preempted 400 times; the reporter's sleep 30 times a second until 3 s and 10 times after (20 on average).
        int[] counted = {0, 0, 1, 2, 3, 3};
        long[] reporterSleeps = {0, 30, 60, 90, 100, 110};
        List<PipelineBench.Sample> samples = new java.util.ArrayList<>();
        for (int t = 0; t <= 5; t++) {
            samples.add(new PipelineBench.Sample(t, "evaluator-service", 1, t, new ContextSwitches(1000L * t, 400L * t), counted[t]));
            samples.add(new PipelineBench.Sample(t, "reporter-service", 1, 0, new ContextSwitches(reporterSleeps[t], 0), counted[t]));
        }
        java.util.Map<String, double[]> rates = PipelineBench.switchesWhileScoring(samples);
        assertEquals(List.of("evaluator-service", "reporter-service"), List.copyOf(rates.keySet()));
        assertArrayEquals(new double[]{1000, 400}, rates.get("evaluator-service"), 1e-12);
        assertArrayEquals(new double[]{20, 0}, rates.get("reporter-service"), 1e-12);
        assertEquals(java.util.Map.of(), PipelineBench.switchesWhileScoring(samples.subList(0, 6)));
    }

    @Test
    void contextSwitchesAreCountedPerThreadSoThatEndedOrReusedThreadsDoNotSkewTheSum(@TempDir Path tasks) throws IOException {
        // The fields as Linux writes them in /proc/PID/task/TID/status (an excerpt of a real one).
        assertEquals(new ContextSwitches(1314, 721), ContextSwitches.parse(List.of(
                "Name:\texecutor-thread", "Threads:\t61", "voluntary_ctxt_switches:\t1314", "nonvoluntary_ctxt_switches:\t721")));
        assertEquals(ContextSwitches.NONE, ContextSwitches.parse(List.of("Name:\tjava")));
        assertEquals(new ContextSwitches(7, 2), new ContextSwitches(10, 5).minus(new ContextSwitches(3, 3)));
        assertEquals(new ContextSwitches(13, 8), new ContextSwitches(10, 5).plus(new ContextSwitches(3, 3)));

        // A process's task directory, faked: one directory per thread id.
        ContextSwitches.Counter counter = new ContextSwitches.Counter(tasks);
        assertEquals(ContextSwitches.NONE, counter.read());
        status(tasks, "100", 10, 1);
        status(tasks, "101", 5, 0);
        assertEquals(new ContextSwitches(15, 1), counter.read(), "the first reading: every switch since the threads began");
        status(tasks, "100", 30, 4); // slept 20 more times, preempted 3 more
        org.apache.commons.io.file.PathUtils.deleteDirectory(tasks.resolve("101")); // ended: its 5 stay counted
        status(tasks, "102", 7, 2); // a new thread counts from zero
        assertEquals(new ContextSwitches(42, 6), counter.read());
        assertEquals(new ContextSwitches(42, 6), counter.read(), "nothing happened: nothing added");
        status(tasks, "100", 2, 0); // 100 ended and a new thread got its id: its counts went down
        assertEquals(new ContextSwitches(44, 6), counter.read());
        org.apache.commons.io.file.PathUtils.deleteDirectory(tasks);
        assertEquals(new ContextSwitches(44, 6), counter.read(), "the process is gone: the count stays");
        assertEquals(ContextSwitches.NONE, new ContextSwitches.Counter(Long.MAX_VALUE).read());

        // This process, for real: a thread that sleeps 20 times adds at least 20 voluntary switches.
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc here (not Linux)");
        ContextSwitches.Counter own = new ContextSwitches.Counter(ProcessHandle.current().pid());
        ContextSwitches before = own.read();
        assertTrue(before.voluntary() > 0, "a running JVM's threads have slept before");
        Thread sleeper = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
            java.util.concurrent.locks.LockSupport.park();
        });
        sleeper.setDaemon(true);
        sleeper.start();
        while (sleeper.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertTrue(own.read().minus(before).voluntary() >= 20);
        java.util.concurrent.locks.LockSupport.unpark(sleeper);
    }

    private static void status(Path tasks, String tid, long voluntary, long involuntary) throws IOException {
        Files.createDirectories(tasks.resolve(tid));
        Files.writeString(tasks.resolve(tid).resolve("status"), "Name:\tjava\nvoluntary_ctxt_switches:\t" + voluntary
                + "\nnonvoluntary_ctxt_switches:\t" + involuntary + "\n");
    }

    @Test
    void residentMemoryIsReadAsTotalAnonymousAndFileBacked() {
        // The fields as Linux writes them in /proc/PID/status (an excerpt of a real one).
        ResidentMemory m = ResidentMemory.parse(List.of(
                "Name:\tjava", "VmPeak:\t 9876543 kB", "VmRSS:\t 4718592 kB", "RssAnon:\t 3565158 kB",
                "RssFile:\t 1153024 kB", "RssShmem:\t     410 kB", "Threads:\t42"));
        assertEquals(new ResidentMemory(4718592, 3565158, 1153024), m);
        assertEquals(ResidentMemory.GONE, ResidentMemory.parse(List.of("Name:\tjava")));
        ResidentMemory self = ResidentMemory.of(ProcessHandle.current().pid());
        org.junit.jupiter.api.Assertions.assertTrue(self.totalKiB() > 0 && self.anonymousKiB() > 0
                && self.anonymousKiB() + self.fileKiB() <= self.totalKiB(), self.toString());
        assertEquals(ResidentMemory.GONE, ResidentMemory.of(Long.MAX_VALUE));
    }

    @Test
    void memoryBenchFitsEachPartOfResidentMemoryApart() {
        // Anonymous memory flat at 3000 MiB; file-backed pages grow by 2 MiB per evaluation.
        List<MemoryBench.Reading> readings = new java.util.ArrayList<>();
        for (int e = 1; e <= 100; e++) {
            long anonymous = 3000L * 1024, file = (long) (2.0 * e * 1024);
            readings.add(new MemoryBench.Reading(e, new ResidentMemory(anonymous + file, anonymous, file), 0));
        }
        assertEquals(0.0, MemoryBench.growthMiBPer100(readings, 10, ResidentMemory::anonymousKiB), 1e-9);
        assertEquals(200.0, MemoryBench.growthMiBPer100(readings, 10, ResidentMemory::fileKiB), 1e-9);
        assertEquals(200.0, MemoryBench.growthMiBPer100(readings, 10, ResidentMemory::totalKiB), 1e-9);
    }

    @Test
    void jvmSettingsNameTheCollectorsTheHeapAndTheWaitPolicy() {
        JvmSettings here = JvmSettings.current();
        org.junit.jupiter.api.Assertions.assertFalse(here.collectors().isEmpty());
        assertEquals(Runtime.getRuntime().maxMemory() >> 20, here.maxHeapMiB());
        assertEquals("collectors Copy, MarkSweepCompact; max heap 1024 MiB; OMP_WAIT_POLICY unset (spin)",
                new JvmSettings(List.of("Copy", "MarkSweepCompact"), 1024, null).describe());
        assertEquals("collectors G1 Young Generation, G1 Old Generation; max heap 6144 MiB; OMP_WAIT_POLICY PASSIVE",
                new JvmSettings(List.of("G1 Young Generation", "G1 Old Generation"), 6144, "PASSIVE").describe());
        assertEquals("PASSIVE", JvmSettings.servicesWaitPolicy(java.util.Map.of()));
        assertEquals("ACTIVE", JvmSettings.servicesWaitPolicy(java.util.Map.of("OMP_WAIT_POLICY", "ACTIVE")));
    }
}
