package io.authstore.tools.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EphemeralPostgresTest {

    @Test
    void runsThePinnedMajorWithLocaleCAndRemovesEverythingOnClose() throws Exception {
        EphemeralPostgres server = EphemeralPostgres.start();
        try (Connection connection = server.connect(EphemeralPostgres.DEFAULT_DATABASE);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select current_setting('server_version_num')::int / 10000, datcollate, datctype"
                                + " from pg_database where datname = current_database()")) {
            rows.next();
            assertThat(rows.getInt(1)).as("PostgreSQL major").isEqualTo(EphemeralPostgres.MAJOR_VERSION);
            assertThat(rows.getString(2)).isEqualTo("C");
            assertThat(rows.getString(3)).isEqualTo("C");
        }
        assertThat(server.dataDirectory()).isDirectory();

        server.close();

        assertThat(server.dataDirectory()).doesNotExist();
        assertThatThrownBy(() -> new Socket("localhost", server.port()).close())
                .as("nothing listens on the port any more")
                .isInstanceOf(java.io.IOException.class);
        server.close(); // a second close is harmless
    }

    @Test
    void stopsAndStartsAgainOnTheSamePortWithTheSameData() throws Exception {
        try (EphemeralPostgres server = EphemeralPostgres.start()) {
            String database = server.createDatabase();
            try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
                statement.execute("create table marker (id int); insert into marker values (7)");
            }

            server.stopKeepingData();

            assertThatThrownBy(() -> server.connect(database).close()).isInstanceOf(SQLException.class);
            assertThat(server.dataDirectory()).isDirectory();

            server.startAgain();

            try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select id, current_setting('fsync') from marker")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(7);
                assertThat(rows.getString(2)).as("started with the same settings").isEqualTo("off");
            }
        }
    }

    @Test
    void aServerThatCannotStartIsExplainedAndLeavesNothingBehind() throws Exception {
        Path workingDirectory = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        Set<Path> before = contents(workingDirectory);

        assertThatThrownBy(() -> EphemeralPostgres.start(Map.of("shared_buffers", "not-a-size")))
                .isInstanceOf(EphemeralPostgresException.class)
                .hasMessageStartingWith("could not start the embedded PostgreSQL")
                .hasMessageContaining("PostgreSQL said:")
                .hasMessageContaining("shared_buffers")
                .hasMessageContaining("PREPARE_DATABASE_URL");

        assertThat(contents(workingDirectory)).as("no data directory or log left").isEqualTo(before);
    }

    private static Set<Path> contents(Path directory) throws java.io.IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.collect(Collectors.toSet());
        }
    }

    @Test
    void createsDatabasesFromTemplates() throws SQLException {
        EphemeralPostgres server = EphemeralPostgres.shared();
        String template = server.createDatabase();
        try (Connection connection = server.connect(template); Statement statement = connection.createStatement()) {
            statement.execute("create table marker (id int)");
        }

        String copy = server.createDatabase(template + "_copy", template);

        try (Connection connection = server.connect(copy); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from marker")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
        assertThat(Files.exists(server.dataDirectory())).isTrue();
    }

    @Test
    void refusesNamesThatAreNotPlainIdentifiers() {
        EphemeralPostgres server = EphemeralPostgres.shared();
        assertThatThrownBy(() -> server.createDatabase("x; drop database postgres", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a plain database name");
    }
}
