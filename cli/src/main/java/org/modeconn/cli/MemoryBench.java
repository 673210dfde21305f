package org.modeconn.cli;

import org.modeconn.core.spec.StudyPlan;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the evaluator's per-point work keeps native memory: the study's points blended, loaded into the engine
 * and scored in this process ({@link StudyCompute}, the same library calls as the evaluator service), with this
 * process's resident memory read after every evaluation. A leak per point shows as a slope that does not flatten;
 * the allocator keeping freed memory shows as a rise that stops. Kafka and the store are left out: they live on
 * the JVM heap, which {@code -Xmx} bounds. Run it with a fixed, pre-touched heap
 * ({@code MODECONN_JAVA_OPTS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch"}) so that the heap's growth does not show as
 * resident memory; the figures say whether the heap stayed the same size. docs/performance.md, "Memory".
 */
final class MemoryBench {
    /** One reading: resident memory and committed heap (bytes) after {@code evaluations} evaluations. */
    record Reading(int evaluations, ResidentMemory memory, long heapBytes) {
    }

    private MemoryBench() {
    }

    /**
     * Runs {@code study} in this process, reading memory after each evaluation, and prints the figures.
     *
     * @return one reading per evaluation, in order
     * @throws IllegalArgumentException for a study {@link StudyCompute} cannot run (pre-training, stored base models)
     */
    static List<Reading> measure(Path study, LocalData data, PrintWriter out) throws IOException {
        StudyPlan plan = StudyFiles.planOrFail(study, out);
        long total = plan.paths().stream().mapToLong(p -> (long) p.grid().size() * p.eval().size()).sum();
        out.printf("memory of the evaluator's per-point work in this process, on %s: %d evaluation(s)%n", study, total);
        out.flush();
        List<Reading> readings = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        StudyCompute.run(plan, data, out, done -> {
            readings.add(new Reading(done, ResidentMemory.of(self), Runtime.getRuntime().totalMemory()));
            if (done % 100 == 0) {
                ResidentMemory m = readings.get(readings.size() - 1).memory();
                out.printf("  %d evaluations: resident %d MiB (anonymous %d, file-backed %d)%n",
                        done, m.totalKiB() / 1024, m.anonymousKiB() / 1024, m.fileKiB() / 1024);
                out.flush();
            }
        });
        print(readings, out);
        return readings;
    }

    private static void print(List<Reading> readings, PrintWriter out) {
        if (readings.size() < 20) {
            out.printf("  too few evaluations (%d) for a slope: use a study of a few hundred points%n", readings.size());
            return;
        }
        int n = readings.size();
        Reading early = readings.get(n / 10 - 1);
        Reading last = readings.get(n - 1);
        List<Reading> afterEarly = readings.subList(n / 10 - 1, n);
        long max = afterEarly.stream().mapToLong(r -> r.memory().totalKiB()).max().orElse(0);
        out.printf("  resident memory: %d MiB after %d evaluations, at most %d MiB after that, %d MiB after all %d;"
                        + " least-squares growth %+.1f MiB per 100 evaluations after the first tenth, %+.1f over the second half%n",
                early.memory().totalKiB() / 1024, early.evaluations(), max / 1024, last.memory().totalKiB() / 1024, n,
                growthMiBPer100(readings, early.evaluations(), ResidentMemory::totalKiB),
                growthMiBPer100(readings, n / 2, ResidentMemory::totalKiB));
        out.printf("  of it anonymous (heap and native allocations): %d to %d MiB after the first tenth, growth %+.1f MiB per 100"
                        + " evaluations, %+.1f over the second half; file-backed (mapped files): %d to %d MiB%n",
                afterEarly.stream().mapToLong(r -> r.memory().anonymousKiB()).min().orElse(0) / 1024,
                afterEarly.stream().mapToLong(r -> r.memory().anonymousKiB()).max().orElse(0) / 1024,
                growthMiBPer100(readings, early.evaluations(), ResidentMemory::anonymousKiB),
                growthMiBPer100(readings, n / 2, ResidentMemory::anonymousKiB),
                afterEarly.stream().mapToLong(r -> r.memory().fileKiB()).min().orElse(0) / 1024,
                afterEarly.stream().mapToLong(r -> r.memory().fileKiB()).max().orElse(0) / 1024);
        out.printf("  JVM heap committed: %d MiB after %d evaluations, %d MiB at the end (max %d MiB)%s; MALLOC_ARENA_MAX %s%n",
                early.heapBytes() >> 20, early.evaluations(), last.heapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20,
                early.heapBytes() == last.heapBytes() ? ", unchanged" : ": it changed, so part of the resident change is the heap's",
                System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"));
    }

    /**
     * Least-squares slope of one part of resident memory ({@code part}, KiB) against evaluations, from {@code from}
     * evaluations on, in MiB per 100 evaluations; NaN with fewer than two distinct counts.
     */
    static double growthMiBPer100(List<Reading> readings, int from, java.util.function.ToLongFunction<ResidentMemory> part) {
        return PipelineBench.growthMiBPer100(readings.stream()
                .map(r -> new PipelineBench.Sample(r.evaluations(), "bench", part.applyAsLong(r.memory()), 0,
                        ContextSwitches.NONE, r.evaluations())).toList(), from);
    }
}
