package org.modeconn.core.events;

/**
 * A record that is a well-formed event but fits no study: an unknown study, a point off its path's
 * grid, a training job that is not one of its study's jobs, a blob outside the deployment's bucket, an
 * id that would leave its object-key prefix. Such a record is dead-lettered with the reason and changes
 * no study's state: a stray or forged record must never mark a study FAILED.
 */
public class MisfitException extends RuntimeException {
    public MisfitException(String message) {
        super(message);
    }
}
