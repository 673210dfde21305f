package org.modeconn.cli;

/** Exit codes shared by every command. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    /** The input (a spec, a file, an argument) is invalid. */
    static final int INVALID = 2;
    /** Asked about something that is not running. */
    static final int NOT_RUNNING = 3;

    private ExitCodes() {
    }
}
