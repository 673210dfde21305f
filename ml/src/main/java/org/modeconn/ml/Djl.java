package org.modeconn.ml;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The one door to DJL's PyTorch engine. DJL must be told it is offline before it loads, or the engine
 * and every tokenizer try to reach the network (a cloud metadata address) on first use.
 */
public final class Djl {
    private static volatile Engine engine;

    private Djl() {
    }

    /** Loads the PyTorch engine (offline, CPU build from the Maven artifact) on first call. */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (Djl.class) {
                if (engine == null) {
                    System.setProperty("ai.djl.offline", "true");
                    engine = Engine.getEngine("PyTorch");
                }
                e = engine;
            }
        }
        return e;
    }

    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /**
     * A manager on a named device: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}. Asking for a
     * GPU that the engine does not have fails here, clearly, instead of falling back to the CPU.
     */
    public static NDManager newManager(String device) {
        ai.djl.Device d = switch (device) {
            case "cpu" -> ai.djl.Device.cpu();
            case "gpu" -> ai.djl.Device.gpu();
            default -> device.startsWith("gpu:") ? ai.djl.Device.gpu(Integer.parseInt(device.substring(4)))
                    : null;
        };
        if (d == null) {
            throw new IllegalArgumentException("device must be cpu, gpu or gpu:N, got '" + device + "'");
        }
        if (d.isGpu() && d.getDeviceId() >= engine().getGpuCount()) {
            throw new IllegalStateException("device " + device + " asked for, but the PyTorch engine sees "
                    + engine().getGpuCount() + " GPU(s) (a CPU-only native library, or no CUDA device)");
        }
        return engine().newBaseManager(d);
    }

    /**
     * Turns autograd off on the calling thread. PyTorch's grad mode is per thread and on by default;
     * DJL turns it off only on the thread that loads the engine, and a gradient collector restores the
     * mode it found. A service runs jobs on pooled worker threads: without this, an optimizer's in-place
     * update on such a thread fails ("a leaf Variable that requires grad is being used in an in-place
     * operation") and evaluation records graphs it never uses.
     */
    public static void gradientsOffOnThisThread() {
        engine();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    }

    /** Sets PyTorch's global generator: it drives dropout masks. */
    public static void seedDropout(long seed) {
        engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
}
