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

    /** Sets PyTorch's global generator: it drives dropout masks. */
    public static void seedDropout(long seed) {
        engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
}
