package org.modeconn.core.data;

import java.io.IOException;

/** A dataset file that cannot be read as declared; the message is the problem's {@code file:line:column: message}. */
public class DatasetException extends IOException {
    private final transient DatasetProblem problem;

    /**
     * @param problem the first problem found
     */
    public DatasetException(DatasetProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    /** The problem that stopped the read. */
    public DatasetProblem problem() {
        return problem;
    }
}
