package org.modeconn.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * The settings of a JVM that change how fast the engine's per-point work runs here: its garbage collectors, its
 * maximum heap and libgomp's wait policy for the engine's threads. Loading a point maps its parameter file, and a
 * mapping is released only when the collector frees its buffer, so the heap's size and collector decide how long
 * the mappings of scored points stay; the wait policy decides whether idle engine threads spin or sleep. The
 * pipeline bench prints the in-process reference's settings beside the services' (docs/performance.md, "The
 * in-process reference's JVM settings").
 *
 * @param collectors    the collectors' names as the JVM reports them (e.g. {@code Copy, MarkSweepCompact} for the
 *                      serial collector, {@code G1 Young Generation, G1 Old Generation} for G1)
 * @param maxHeapMiB    {@link Runtime#maxMemory()} in MiB
 * @param ompWaitPolicy {@code OMP_WAIT_POLICY} of the process's environment, or {@code null} where unset (libgomp's
 *                      default: spin, then sleep)
 */
record JvmSettings(List<String> collectors, long maxHeapMiB, String ompWaitPolicy) {
    JvmSettings {
        collectors = List.copyOf(collectors);
    }

    /** This process's settings. */
    static JvmSettings current() {
        return new JvmSettings(ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .toList(), Runtime.getRuntime().maxMemory() >> 20, System.getenv("OMP_WAIT_POLICY"));
    }

    /**
     * The wait policy the local services get from {@link Services}: what {@code environment} sets, else
     * {@link Services#LOCAL_OMP_WAIT_POLICY}.
     */
    static String servicesWaitPolicy(Map<String, String> environment) {
        return environment.getOrDefault("OMP_WAIT_POLICY", Services.LOCAL_OMP_WAIT_POLICY);
    }

    /** For example {@code collectors Copy, MarkSweepCompact; max heap 1024 MiB; OMP_WAIT_POLICY unset (spin)}. */
    String describe() {
        return "collectors " + String.join(", ", collectors) + "; max heap " + maxHeapMiB + " MiB; OMP_WAIT_POLICY "
                + (ompWaitPolicy == null ? "unset (spin)" : ompWaitPolicy);
    }
}
