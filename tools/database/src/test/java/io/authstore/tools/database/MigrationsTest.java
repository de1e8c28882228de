package io.authstore.tools.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path files;

    /** Migrations of a fresh database, read from a copy of the project's files in {@link #files} that a test edits. */
    private Migrations migrationsOfEditableCopy() {
        TestDatabases.copyOfMigrations(files);
        return Migrations.fromLocations(TestDatabases.freshDatabase(), List.of("filesystem:" + files));
    }

    @Test
    void appliesEveryMigrationToAnEmptyDatabaseAndASecondRunIsANoOp() {
        DatabaseUrl url = TestDatabases.freshDatabase();
        Migrations migrations = Migrations.fromClasspath(url);

        MigrationReport first = migrations.migrate();

        assertThat(first.versionBefore()).isNull();
        assertThat(first.applied()).hasSize((int) TestDatabases.migrationFileCount());
        assertThat(first.applied().get(0).script()).isEqualTo("V1__extensions.sql");
        assertThat(TestDatabases.tableCount(url)).isEqualTo(33);
        List<String> after = TestDatabases.schemaAndHistory(url);

        MigrationReport second = migrations.migrate();

        assertThat(second.applied()).isEmpty();
        assertThat(second.versionAfter()).isEqualTo(first.versionAfter());
        assertThat(TestDatabases.schemaAndHistory(url)).isEqualTo(after);
        assertThat(migrations.status().upToDate()).isTrue();
    }

    @Test
    void refusesAnEditedMigrationAndChangesNothing() throws IOException {
        Migrations migrations = migrationsOfEditableCopy();
        migrations.migrate();
        Files.writeString(files.resolve("V2__users_and_browser_sessions.sql"),
                "\nALTER TABLE users ADD COLUMN sneaky TEXT;\n", StandardOpenOption.APPEND);
        Files.writeString(files.resolve("V99__pending.sql"), "CREATE TABLE pending_table (id INT);\n");
        List<String> before = TestDatabases.schemaAndHistory(migrations.url());

        assertThatThrownBy(migrations::migrate)
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V2__users_and_browser_sessions.sql was edited after it was applied")
                .hasMessageContaining("checksum")
                .hasMessageContaining("nothing was changed")
                .extracting(e -> ((MigrationException) e).reason())
                .isEqualTo(MigrationException.Reason.INVALID_HISTORY);

        assertThat(TestDatabases.schemaAndHistory(migrations.url())).as("schema and history untouched")
                .isEqualTo(before);
        assertThat(migrations.status().problems()).singleElement().asString()
                .contains("V2__users_and_browser_sessions.sql");
        assertThatThrownBy(migrations::validate).hasMessageContaining("V2__users_and_browser_sessions.sql");
    }

    @Test
    void aFailingMigrationLeavesTheSchemaAsItWasAndNamesTheFile() throws IOException {
        Migrations migrations = migrationsOfEditableCopy();
        migrations.migrate();
        Path broken = files.resolve("V22__broken.sql");
        Files.writeString(broken, """
                CREATE TABLE half_done (id INT);
                ALTER TABLE users ADD COLUMN half_done_flag BOOLEAN;
                ALTER TABLE no_such_table ADD COLUMN x INT;
                """);
        List<String> before = TestDatabases.schemaAndHistory(migrations.url());

        assertThatThrownBy(migrations::migrate)
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("migration V22__broken.sql failed")
                .hasMessageContaining("no_such_table")
                .hasMessageContaining("rolled back")
                .extracting(e -> ((MigrationException) e).reason())
                .isEqualTo(MigrationException.Reason.MIGRATION_FAILED);
        assertThat(TestDatabases.schemaAndHistory(migrations.url())).as("transactional DDL: nothing of V22 remains")
                .isEqualTo(before);

        Files.writeString(broken, "CREATE TABLE half_done (id INT);\n");
        assertThat(migrations.migrate().applied()).extracting(MigrationReport.Applied::script)
                .containsExactly("V22__broken.sql");
    }

    @Test
    void statusListsPendingMigrations() throws IOException {
        Migrations migrations = migrationsOfEditableCopy();

        MigrationStatus empty = migrations.status();
        assertThat(empty.applied()).isEmpty();
        assertThat(empty.pending()).hasSize((int) TestDatabases.migrationFileCount());
        assertThat(empty.upToDate()).isFalse();

        migrations.migrate();
        Files.writeString(files.resolve("V23__later.sql"), "CREATE TABLE later (id INT);\n");

        MigrationStatus status = migrations.status();
        assertThat(status.pending()).extracting(MigrationStatus.Entry::script).containsExactly("V23__later.sql");
        assertThat(status.problems()).isEmpty();
    }

    @Test
    void anUnreachableServerIsAClearErrorWithoutThePassword() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatabaseUrl url = DatabaseUrl.parse("postgresql://mas:hunter2@localhost:" + closedPort + "/mas");

        assertThatThrownBy(() -> Migrations.fromClasspath(url).migrate())
                .isInstanceOf(MigrationException.class)
                .hasMessage("cannot connect to postgresql://mas:***@localhost:" + closedPort + "/mas: connection"
                        + " refused. Check that PostgreSQL runs there and accepts TCP connections.")
                .extracting(e -> ((MigrationException) e).reason())
                .isEqualTo(MigrationException.Reason.UNREACHABLE);
    }

    @Test
    void aMultiHostUrlReachesTheServerThatIsUp() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatabaseUrl fresh = TestDatabases.freshDatabase();
        DatabaseUrl url = DatabaseUrl.parse("postgresql://" + fresh.user() + "@localhost:" + closedPort + ","
                + fresh.hosts().get(0) + "/" + fresh.database() + "?target_session_attrs=read-write");

        Migrations.fromClasspath(url).migrate();

        assertThat(TestDatabases.tableCount(fresh)).as("libpq's rule: the first host that qualifies").isPositive();
    }

    @Test
    void aLentDatabaseMustBeEmptyIsHeldByOneBuildAndIsEmptiedWhenGivenBack() {
        DatabaseUrl url = TestDatabases.freshDatabase();

        try (EmptyDatabase lent = EmptyDatabase.lend(url)) {
            assertThat(lent.serverMajorVersion()).isGreaterThanOrEqualTo(15);
            assertThatThrownBy(() -> EmptyDatabase.lend(url))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("another run is using");
            Migrations.fromClasspath(url).migrate();
        }
        assertThat(TestDatabases.tableCount(url)).as("emptied when given back").isZero();

        Migrations.fromClasspath(url).migrate();
        assertThatThrownBy(() -> EmptyDatabase.lend(url))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("is not empty")
                .hasMessageContaining("relation public.");
        assertThat(TestDatabases.tableCount(url)).as("a refused database is left alone").isEqualTo(33);
    }
}
