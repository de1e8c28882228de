package io.authstore.tools.bench;

/** One way of running the workloads: authstore, or a baseline. */
interface Contender extends AutoCloseable {

    String name();

    /** Runs {@code workload} with {@code clients} concurrent clients: a warm-up, then the measured window. */
    Measurement run(Workload workload, int clients, int round, Timing timing) throws Exception;

    @Override
    default void close() throws Exception {}
}
