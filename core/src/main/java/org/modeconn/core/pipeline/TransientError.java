package org.modeconn.core.pipeline;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Whether an error may pass if the work is tried again: the object store or the broker briefly
 * unreachable or overloaded. Everything else (a bad input, a checksum that does not match, a bug) is
 * lasting, and retrying it only delays the failure. Decided by the exception and its causes.
 */
public final class TransientError {
    private TransientError() {
    }

    /**
     * True if {@code error} or one of its causes is a refused or timed-out connection, an unknown host
     * (DNS while a pod restarts), an object store answering 5xx ({@code io.minio.errors.ServerException}),
     * or a Kafka error that Kafka itself calls retriable.
     */
    public static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException || t instanceof InterruptedIOException
                    || t instanceof io.minio.errors.ServerException
                    || t instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
        }
        return false;
    }
}
