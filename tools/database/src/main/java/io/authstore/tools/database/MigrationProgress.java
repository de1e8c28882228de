package io.authstore.tools.database;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/** Tells a {@link MigrationListener} about each migration as soon as Flyway has run it, not only when the whole run ends. */
final class MigrationProgress extends BaseCallback {

    private final MigrationListener listener;
    private long startedNanos;

    MigrationProgress(MigrationListener listener) {
        this.listener = listener;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public void handle(Event event, Context context) {
        if (event == Event.BEFORE_EACH_MIGRATE) {
            startedNanos = System.nanoTime();
            return;
        }
        MigrationInfo migration = context.getMigrationInfo();
        listener.applied(new MigrationReport.Applied(
                migration.getVersion() == null ? "" : migration.getVersion().getVersion(),
                migration.getDescription(), migration.getScript(), (System.nanoTime() - startedNanos) / 1_000_000));
    }
}
