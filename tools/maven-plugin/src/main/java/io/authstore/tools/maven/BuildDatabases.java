package io.authstore.tools.maven;

import java.util.Map;

/**
 * Hands the database from {@code start-database} to {@code stop-database} through the plugin context, and makes sure
 * it is closed even when the build fails between them (the JVM's shutdown hook; also on Ctrl-C).
 */
final class BuildDatabases {

    private static final String KEY = BuildDatabases.class.getName();

    private BuildDatabases() {}

    record Running(PreparedDatabase database, long startedNanos, Thread shutdownHook) {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void register(Map pluginContext, PreparedDatabase database, long startedNanos) {
        Thread hook = new Thread(database::close, "authstore-database-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        pluginContext.put(KEY, new Running(database, startedNanos, hook));
    }

    /** Closes the database started in this project, if any, and returns what was running. */
    @SuppressWarnings("rawtypes")
    static Running close(Map pluginContext) {
        Running running = (Running) pluginContext.remove(KEY);
        if (running != null) {
            try {
                running.database().close();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(running.shutdownHook());
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook runs anyway; closing twice is harmless
                }
            }
        }
        return running;
    }
}
