package org.modeconn.core.pipeline;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which errors are worth another try: unreachable services, not bad inputs. */
class TransientErrorTest {
    @Test
    void unreachableServicesAreTransientAndBadInputsAreNot() {
        assertTrue(TransientError.is(new IOException("stat x failed", new ConnectException("Connection refused"))));
        assertTrue(TransientError.is(new IllegalStateException("could not publish",
                new ExecutionException(new TimeoutException("Expiring 1 record(s)")))), "Kafka's own retriable errors");
        assertFalse(TransientError.is(new IOException("checksum mismatch")));
        assertFalse(TransientError.is(new IllegalArgumentException("no path p")));
        assertFalse(TransientError.is(null));
    }
}
