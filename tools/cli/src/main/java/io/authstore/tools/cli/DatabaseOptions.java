package io.authstore.tools.cli;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.Migrations;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which database a command works on: {@code --database-url}, else {@code DATABASE_URL}. */
final class DatabaseOptions {

    @Option(names = "--database-url", paramLabel = "URL",
            description = "The database, as postgresql://user:password@host:port/database or jdbc:postgresql://..."
                    + " (default: the DATABASE_URL environment variable). Prefer the variable: arguments show in ps.")
    private String databaseUrl;

    @Option(names = {"-v", "--verbose"}, description = "Print stack traces of errors.")
    boolean verbose;

    Migrations migrations(Map<String, String> environment) {
        return Migrations.fromClasspath(url(environment));
    }

    DatabaseUrl url(Map<String, String> environment) {
        return databaseUrl != null
                ? DatabaseUrl.parse(databaseUrl.strip())
                : DatabaseUrl.fromEnvironment(environment);
    }
}
