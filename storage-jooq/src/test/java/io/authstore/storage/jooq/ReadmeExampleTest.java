package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.BrowserSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's "Using the storage layer" example, compiled and run here; the test fails when the two differ. */
@ExtendWith(StorageExtension.class)
class ReadmeExampleTest {

    static BrowserSession example(StorageSettings settings) {
        // README:begin
        // settings = StorageSettings.fromEnvironment(): from DATABASE_URL, e.g. postgresql://mas:…@localhost/mas
        try (JooqRepositoryFactory factory = JooqRepositoryFactory.create(settings)) {
            Clock clock = Clock.system();
            RandomSource random = RandomSource.secure();

            // One connection, one transaction: saved when the work completes, rolled back if it fails.
            BrowserSession session = factory
                    .transaction(repositories -> repositories.user()
                            .add(clock, random, "alice")
                            .flatMap(alice -> repositories.browserSession()
                                    .add(clock, random, alice, Optional.of("Mozilla/5.0"))))
                    .block(Duration.ofSeconds(10)); // a reactive service returns the Mono instead

            System.out.println(session.user().username() + " has browser session " + session.id());
            return session;
        }
        // README:end
    }

    @Test
    void theExampleRunsAndItsWritesAreSaved(TestStorage storage) {
        BrowserSession session = example(storage.settings());

        assertThat(storage.<BrowserSession>read(s -> s.browserSession().lookup(session.id()))).isEqualTo(session);
        assertThat(session.user().username()).isEqualTo("alice");
    }

    @Test
    void theReadmeShowsExactlyThisExample() throws IOException {
        Path root = Path.of(System.getProperty("authstore.projectRoot", ".."));
        String readme = Files.readString(root.resolve("README.md"));
        String source = Files.readString(root.resolve(
                "storage-jooq/src/test/java/io/authstore/storage/jooq/ReadmeExampleTest.java"));

        assertThat(readmeExample(readme)).isEqualTo(sourceExample(source));
    }

    private static List<String> sourceExample(String source) {
        List<String> lines = source.lines().toList();
        List<String> example = lines.subList(indexOf(lines, "// README:begin") + 1, indexOf(lines, "// README:end"));
        int indent = example.getFirst().indexOf(example.getFirst().strip());
        return example.stream().map(line -> line.length() >= indent ? line.substring(indent) : line.strip())
                .filter(line -> !line.strip().equals("return session;"))
                .toList();
    }

    private static List<String> readmeExample(String readme) {
        List<String> lines = readme.lines().toList();
        int section = indexOf(lines, "## Using the storage layer");
        int start = section + lines.subList(section, lines.size()).indexOf("```java") + 1;
        int end = start + lines.subList(start, lines.size()).indexOf("```");
        return lines.subList(start, end);
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("marker not found: " + marker);
    }
}
