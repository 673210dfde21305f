package org.modeconn.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How often a process's threads left a core, as Linux counts it per thread in {@code /proc/PID/task/TID/status}:
 * {@code voluntary} ({@code voluntary_ctxt_switches}: a thread went to sleep, e.g. a passive OpenMP wait or a poll
 * with a timeout) and {@code involuntary} ({@code nonvoluntary_ctxt_switches}: a runnable thread was preempted, e.g.
 * by another process's thread that woke up). docs/performance.md, "Idle wake-ups".
 */
record ContextSwitches(long voluntary, long involuntary) {
    static final ContextSwitches NONE = new ContextSwitches(0, 0);

    /** Parses the lines of one thread's {@code status} file; a missing or malformed field reads as 0. */
    static ContextSwitches parse(List<String> status) {
        return new ContextSwitches(ResidentMemory.field(status, "voluntary_ctxt_switches:"),
                ResidentMemory.field(status, "nonvoluntary_ctxt_switches:"));
    }

    /** The sum of two counts. */
    ContextSwitches plus(ContextSwitches other) {
        return new ContextSwitches(voluntary + other.voluntary, involuntary + other.involuntary);
    }

    /** This count less an earlier one of the same {@link Counter}. */
    ContextSwitches minus(ContextSwitches earlier) {
        return new ContextSwitches(voluntary - earlier.voluntary, involuntary - earlier.involuntary);
    }

    /**
     * Follows one process's threads from reading to reading: each reading adds, per thread, what it did since the
     * previous reading (a thread not seen before, or whose counts went down because its id was reused by a new thread,
     * counts from zero). Linux drops a thread's counts when it ends, so a sum over the living threads can fall between
     * two readings; this count does not: it loses only what a thread did between its last reading and its end, so read
     * often (the bench reads every second). The first reading holds every living thread's switches since it started:
     * only differences between readings measure a span. Not thread-safe.
     */
    static final class Counter {
        private final Path tasks;
        private Map<String, ContextSwitches> last = Map.of();
        private ContextSwitches total = NONE;

        /** Follows process {@code pid} ({@code /proc/PID/task}). */
        Counter(long pid) {
            this(Path.of("/proc/" + pid + "/task"));
        }

        /** Follows the threads listed in {@code tasks}: one directory per thread id, each with a {@code status} file. */
        Counter(Path tasks) {
            this.tasks = tasks;
        }

        /**
         * Reads every thread; returns the count so far. A process that is gone (or a system without {@code /proc}) adds
         * nothing and returns the count as it was.
         */
        ContextSwitches read() {
            Map<String, ContextSwitches> now = new HashMap<>();
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(tasks)) {
                for (Path task : listing) {
                    try {
                        now.put(task.getFileName().toString(), parse(Files.readAllLines(task.resolve("status"))));
                    } catch (IOException | java.io.UncheckedIOException ended) {
                        // the thread ended after the listing
                    }
                }
            } catch (IOException | java.nio.file.DirectoryIteratorException | java.io.UncheckedIOException gone) {
                return total;
            }
            now.forEach((tid, c) -> {
                ContextSwitches before = last.getOrDefault(tid, NONE);
                boolean sameThread = c.voluntary() >= before.voluntary() && c.involuntary() >= before.involuntary();
                total = total.plus(sameThread ? c.minus(before) : c);
            });
            last = now;
            return total;
        }
    }
}
