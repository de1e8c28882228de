package io.authstore.tools.cli;

/** The exit codes of every command, so that deployments can gate on them. */
final class ExitCode {
    static final int OK = 0;
    static final int MIGRATION_FAILED = 1;
    static final int USAGE = 2;
    static final int PENDING = 3;
    static final int INVALID_HISTORY = 4;
    static final int UNREACHABLE = 5;
    static final int ADOPT_DIFFERS = 6;
    static final int ADOPT_EMPTY = 7;
    static final int ADOPT_ALREADY = 8;
    static final int ADOPT_MAS_NEWER = 9;
    static final int ADOPT_MAS_OLDER = 10;

    private ExitCode() {}
}
