package io.authstore.tools.bench;

/**
 * One contender's window on one workload at one client count.
 *
 * @param clientCpuMicrosPerOp the client process's CPU time per operation, or -1 when unknown
 * @param serverCpuMicrosPerOp the local PostgreSQL processes' CPU time per operation, or -1 when unknown
 */
record Measurement(
        String contender,
        Workload workload,
        int clients,
        int round,
        long operations,
        long errors,
        double seconds,
        double p50Micros,
        double p99Micros,
        double p999Micros,
        double clientCpuMicrosPerOp,
        double serverCpuMicrosPerOp) {

    double opsPerSecond() {
        return operations / seconds;
    }
}
