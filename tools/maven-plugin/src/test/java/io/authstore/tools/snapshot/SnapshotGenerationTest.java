package io.authstore.tools.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.Migrations;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator as {@code make prepare} and {@code make check} run it, on the embedded PostgreSQL. */
class SnapshotGenerationTest {

    private static final Path MIGRATIONS =
            PomConfiguredGenerator.PROJECT_ROOT.resolve("schema/src/main/resources/db/migration");

    private static PomConfiguredGenerator generator;

    @TempDir
    Path directory;

    @BeforeAll
    static void readPom() throws Exception {
        generator = new PomConfiguredGenerator();
    }

    @Test
    void twoGenerationsAreByteIdenticalAndMatchTheCommittedSnapshot() throws Exception {
        Path first = generate(directory.resolve("first"));
        Path second = generate(directory.resolve("second"));

        Map<String, String> firstFiles = SnapshotDiff.readTree(first);
        assertThat(firstFiles).hasSizeGreaterThan(60);
        assertThat(SnapshotDiff.readTree(second)).isEqualTo(firstFiles);
        assertThat(firstFiles.values()).noneMatch(source -> source.contains("TableField<") && source.matches(
                "(?s).*TableField<\\w+, Object>.*"));

        SnapshotDiff diff = SnapshotDiff.compare(committedPackage(), first);
        assertThat(diff.isEmpty()).as("the committed snapshot is stale; run make prepare:%n%s", diff.summary())
                .isTrue();
    }

    @Test
    void checkNamesAnAddedTableAnAddedColumnAndAChangedType() throws Exception {
        Path drift = Files.createDirectories(directory.resolve("drift"));
        Files.writeString(drift.resolve("V1000__drift.sql"), """
                CREATE EXTENSION citext;
                CREATE TABLE widgets (widget_id UUID PRIMARY KEY, name TEXT NOT NULL);
                ALTER TABLE users ADD COLUMN nickname TEXT;
                ALTER TABLE user_recovery_sessions ALTER COLUMN email TYPE citext;
                """);

        Path generated = generate(directory.resolve("generated"), "filesystem:" + drift);
        SnapshotDiff diff = SnapshotDiff.compare(committedPackage(), generated);

        assertThat(diff.addedTables()).containsExactly("widgets (2 columns)");
        assertThat(diff.removedTables()).isEmpty();
        assertThat(diff.columnChanges()).containsExactly(
                "column retyped: user_recovery_sessions.email: String CLOB NOT NULL -> String "
                        + "DefaultDataType.getDefaultDataType(\"\\\"public\\\".\\\"citext\\\"\") NOT NULL"
                        + " with new CitextBinding()",
                "column added:   users.nickname String CLOB");
        assertThat(diff.otherChanges()).contains("keys changed: +widgets_pkey");
        assertThat(diff.headline()).isEqualTo("1 table added, 2 column changes, 1 other change");
        assertThat(diff.summary()).contains("table added:   widgets").contains("users.nickname")
                .contains("user_recovery_sessions.email");
        assertThat(Files.readString(generated.resolve("tables/UserRecoverySessions.java")))
                .as("citext maps to String through jooq-postgres-extensions, not to Object")
                .contains("TableField<UserRecoverySessionsRecord, String> EMAIL");

        SnapshotDiff reverse = SnapshotDiff.compare(generated, committedPackage());
        assertThat(reverse.removedTables()).containsExactly("widgets");
        assertThat(reverse.columnChanges()).anySatisfy(change ->
                assertThat(change).startsWith("column removed: users.nickname"));
    }

    private Path generate(Path target, String... extraLocations) throws Exception {
        EphemeralPostgres server = EphemeralPostgres.shared();
        DatabaseUrl url = DatabaseUrl.parse(server.uri(server.createDatabase()));
        List<String> locations = new ArrayList<>(List.of("filesystem:" + MIGRATIONS));
        locations.addAll(List.of(extraLocations));
        Migrations.fromLocations(url, locations).migrate();
        generator.generate(url, target);
        return target.resolve(generator.packageName().replace('.', '/'));
    }

    private static Path committedPackage() {
        return PomConfiguredGenerator.PROJECT_ROOT.resolve("generated-snapshot/src/main/java")
                .resolve(generator.packageName().replace('.', '/'));
    }
}
