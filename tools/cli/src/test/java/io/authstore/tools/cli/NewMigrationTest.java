package io.authstore.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NewMigrationTest {

    @TempDir
    Path directory;

    private void existing(String... files) throws IOException {
        for (String file : files) {
            Files.writeString(directory.resolve(file), "SELECT 1;\n");
        }
    }

    private String[] listing() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void createsTheNextVersionWithTheHeader() throws IOException {
        existing("V1__extensions.sql", "V2__users.sql", "V10__later.sql", "README.txt");

        Path created = NewMigration.create(directory, "add_widget_colour");

        assertThat(created).isEqualTo(directory.resolve("V11__add_widget_colour.sql"));
        String header = Files.readString(created);
        assertThat(header).startsWith("-- V11: add widget colour\n")
                .contains("never edit it", "CREATE INDEX CONCURRENTLY", "NOT VALID", "VALIDATE CONSTRAINT",
                        "-- lint: allow index-without-concurrently because", "make prepare");
        assertThat(header.lines()).allMatch(line -> line.isEmpty() || line.startsWith("--"));
    }

    @Test
    void theFirstMigrationIsVersionOne() {
        assertThat(NewMigration.create(directory, "init")).hasFileName("V1__init.sql");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AddWidgetColour", "add-widget-colour", "add widget", "_add", "add__widget", "add_",
            "1_add", "add_widget_colour.sql", "ä_widget", ""})
    void refusesANameThatIsNotLowerSnakeCaseAndWritesNothing(String name) throws IOException {
        existing("V1__extensions.sql");

        assertThatThrownBy(() -> NewMigration.create(directory, name))
                .isInstanceOf(NewMigration.Refused.class)
                .hasMessageContaining(name.isEmpty() ? "a name is required" : "is not a lower snake case name");
        assertThat(listing()).containsExactly("V1__extensions.sql");
    }

    @Test
    void suggestsTheSnakeCaseSpelling() {
        assertThatThrownBy(() -> NewMigration.create(directory, "AddWidgetColour"))
                .hasMessage("'AddWidgetColour' is not a lower snake case name (letters a-z, digits and single"
                        + " underscores, starting with a letter): try add_widget_colour");
    }

    @Test
    void refusesANameThatExistsUnderAnyVersion() throws IOException {
        existing("V1__extensions.sql", "V2__add_widget_colour.sql");

        assertThatThrownBy(() -> NewMigration.create(directory, "add_widget_colour"))
                .isInstanceOf(NewMigration.Refused.class)
                .hasMessageContaining("a migration named add_widget_colour already exists")
                .hasMessageContaining("V2__add_widget_colour.sql");
        assertThat(listing()).containsExactly("V1__extensions.sql", "V2__add_widget_colour.sql");
    }

    @Test
    void theCommandPrintsThePathOrTheRefusalWithExitTwo() throws IOException {
        existing("V1__extensions.sql");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int created = AuthstoreCommand.execute(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
                "new-migration", "--directory", directory.toString(), "add_widget_colour");
        int refused = AuthstoreCommand.execute(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
                "new-migration", "--directory", directory.toString(), "add_widget_colour");

        assertThat(created).isZero();
        assertThat(out.toString().strip()).isEqualTo(directory.resolve("V2__add_widget_colour.sql").toString());
        assertThat(refused).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("error: a migration named add_widget_colour already exists");
        assertThat(listing()).containsExactly("V1__extensions.sql", "V2__add_widget_colour.sql");
    }
}
