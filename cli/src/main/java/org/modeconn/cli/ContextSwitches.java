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
     * previous one (a thread that started since counts from zero). Linux drops a thread's counts when it ends, so a sum
     * over the living threads can fall between two readings; this count cannot: it loses only what a thread did between
     * its last reading and its end. Not thread-safe.
     */
    static final class Counter {
        private final long pid;
        private Map<String, ContextSwitches> last = Map.of();
        private ContextSwitches total = NONE;

        Counter(long pid) {
            this.pid = pid;
        }

        /** Reads every thread of the process; returns the count so far ({@link #NONE} before the first reading). */
        ContextSwitches read() {
            Map<String, ContextSwitches> now = new HashMap<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks) {
                    try {
                        now.put(task.getFileName().toString(), parse(Files.readAllLines(task.resolve("status"))));
                    } catch (IOException | java.io.UncheckedIOException ended) {
                        // the thread ended after the listing
                    }
                }
            } catch (IOException | java.io.UncheckedIOException gone) {
                return total; // the process is gone (or this is not Linux): nothing more to add
            }
            now.forEach((tid, c) -> total = total.plus(c.minus(last.getOrDefault(tid, NONE))));
            last = now;
            return total;
        }
    }
}
