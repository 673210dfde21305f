package org.modeconn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A process's resident memory split as Linux counts it in {@code /proc/PID/status} (all in KiB): {@code total}
 * ({@code VmRSS}) = {@code anonymous} ({@code RssAnon}: heap, native allocations) + {@code file}
 * ({@code RssFile}: mapped files, e.g. safetensors read through a mapping) + {@code RssShmem}. A leak shows in
 * the anonymous part; file pages are released when their mapping is (for Java's mapped buffers: when the
 * garbage collector frees the buffer). All zero when the process is gone or the fields are missing (not Linux).
 */
record ResidentMemory(long totalKiB, long anonymousKiB, long fileKiB) {
    static final ResidentMemory GONE = new ResidentMemory(0, 0, 0);

    /** Reads {@code /proc/PID/status}; {@link #GONE} if the process exited between listing and reading. */
    static ResidentMemory of(long pid) {
        try {
            return parse(Files.readAllLines(Path.of("/proc/" + pid + "/status")));
        } catch (IOException | java.io.UncheckedIOException gone) {
            return GONE;
        }
    }

    /** Parses the lines of a {@code /proc/PID/status} file; a missing field reads as 0. */
    static ResidentMemory parse(List<String> status) {
        return new ResidentMemory(field(status, "VmRSS:"), field(status, "RssAnon:"), field(status, "RssFile:"));
    }

    /** The number after {@code name} (the field's label, colon included) in a {@code /proc} status file; 0 if missing. */
    static long field(List<String> status, String name) {
        for (String line : status) {
            if (line.startsWith(name)) {
                try {
                    return Long.parseLong(line.substring(name.length()).replaceAll("\\D", ""));
                } catch (NumberFormatException malformed) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
