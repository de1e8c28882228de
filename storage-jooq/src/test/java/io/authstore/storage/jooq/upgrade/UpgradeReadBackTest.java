package io.authstore.storage.jooq.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.tools.embedded.EphemeralPostgres;
import io.authstore.tools.lint.UpgradeWithData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade test of the whole schema (tools/maven-plugin's {@link UpgradeWithData} holds its failing cases): from
 * every earlier version, with {@code schema/upgrade-rows/V<n>.sql} and a generated row in every table still empty,
 * {@code migrate} to the newest version keeps every column those rows had, and every row of the rows files in a table
 * that a repository looks up by id reads back through it with the values its columns hold; the rows files hold one
 * in each such table.
 */
class UpgradeReadBackTest {

    static final Path ROOT = Path.of(System.getProperty("authstore.projectRoot", ".."));
    static final Path MIGRATIONS = ROOT.resolve("schema/src/main/resources/db/migration");
    static final Path ROWS = ROOT.resolve("schema/upgrade-rows");

    @TempDir
    Path directory;

    private static List<Path> todaysMigrations() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(file ->
                            Integer.parseInt(file.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
                    .toList();
        }
    }

    @Test
    void fromEveryEarlierVersionTheRowsReadBackUnchangedInSqlAndThroughTheRepositories() throws IOException {
        List<Path> migrations = todaysMigrations();

        Map<String, Set<String>> tablesRead = new ConcurrentHashMap<>();

        assertThat(UpgradeWithData.upgrade(EphemeralPostgres.shared(), migrations, ROWS, List.of(),
                RepositoryReadBack.recordingInto(tablesRead))).isEmpty();
        assertThat(tablesRead.values().stream().flatMap(Set::stream).distinct())
                .as("tables whose rows of schema/upgrade-rows were read back through their repository")
                .containsExactlyInAnyOrderElementsOf(RepositoryReadBack.LOOKUPS.keySet());
    }

    @Test
    void aRowItsRepositoryCannotReadAfterMigrateIsReported() throws IOException {
        // today's migrations and one more that changes no existing table, in a folder of their own
        Path folder = Files.createDirectories(directory.resolve("migrations"));
        List<Path> migrations = new ArrayList<>();
        for (Path migration : todaysMigrations()) {
            migrations.add(Files.copy(migration, folder.resolve(migration.getFileName())));
        }
        String newest = migrations.get(migrations.size() - 1).getFileName().toString()
                .replaceAll("^V(\\d+)__.*", "$1");
        migrations.add(Files.writeString(folder.resolve("V" + (Integer.parseInt(newest) + 1) + "__widgets.sql"),
                "CREATE TABLE widgets (widget_id UUID PRIMARY KEY);\n"));
        Path rows = Files.createDirectories(directory.resolve("rows"));
        // a PKCE mode the domain does not know: SQL keeps it as it was, the repository refuses it
        Files.writeString(rows.resolve("V" + newest + ".sql"), """
                INSERT INTO upstream_oauth_providers (upstream_oauth_provider_id, scope, client_id,
                    token_endpoint_auth_method, id_token_signed_response_alg, claims_imports, discovery_mode, pkce_mode,
                    fetch_userinfo, forward_login_hint, ui_order, on_backchannel_logout, registration_token_required,
                    created_at)
                VALUES ('01890000-0000-7000-8000-0000000000aa', 'openid', 'authstore', 'none', 'RS256', '{}', 'oidc',
                    'always', FALSE, FALSE, 0, 'do_nothing', FALSE, '2026-01-01 00:00:00+00');
                """);

        List<String> problems = UpgradeWithData.upgrade(EphemeralPostgres.shared(), migrations, rows,
                List.of(newest), RepositoryReadBack.recordingInto(new ConcurrentHashMap<>()));

        assertThat(problems).containsExactly("from version " + newest + ", upstream_oauth_providers"
                + " 01H4000000E00800000000005A cannot be read through its repository after migrate: inconsistent row"
                + " in upstream_oauth_providers (id 01H4000000E00800000000005A), column pkce_mode: unknown value"
                + " 'always'");
    }
}
