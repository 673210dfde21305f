package org.modeconn.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One local stack per test JVM, started on first use and stopped when the JVM exits, so that every
 * integration test in a module shares one broker and one S3 server (starting them takes seconds).
 */
public final class SharedLocalStack {
    private static LocalStack instance;

    private SharedLocalStack() {
    }

    public static synchronized LocalStack get(List<String> topics) {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("modeconn-test-stack-");
                instance = LocalStack.start(LocalStack.Config.in(dir).withTopics(topics));
                LocalStack started = instance;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-stack-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the local stack", e);
            }
        } else if (!topics.isEmpty()) {
            try {
                instance.createTopics(topics, 4);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }
}
