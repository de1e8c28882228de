package io.authstore.tools.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Creates the next migration file ({@code make migration NAME=add_widget_colour}): version one above the highest one
 * in the folder, the name in lower snake case, and a header that says what to write and which rules
 * {@code make lint} checks. Uses nothing but the JDK, so that the Makefile runs this file directly with
 * {@code java NewMigration.java} (no build), and the jar offers it as {@code new-migration}.
 */
public final class NewMigration {

    /** Where the migrations live, relative to the project's root. */
    public static final String DEFAULT_DIRECTORY = "schema/src/main/resources/db/migration";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__(.+)\\.sql");
    private static final int MAX_NAME_LENGTH = 60;

    /** Refused input: the message says what is wrong and what would be accepted. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private NewMigration() {}

    /**
     * Writes {@code V<next>__<name>.sql} into {@code directory} and returns its path.
     *
     * @throws Refused when the name is not lower snake case, or a migration with that name already exists; nothing
     *     is written then
     */
    public static Path create(Path directory, String name) {
        if (name == null || name.isBlank()) {
            throw new Refused("a name is required, in lower snake case: make migration NAME=add_widget_colour");
        }
        if (!NAME.matcher(name).matches()) {
            String suggestion = name.strip().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
            throw new Refused("'" + name + "' is not a lower snake case name (letters a-z, digits and single"
                    + " underscores, starting with a letter)"
                    + (NAME.matcher(suggestion).matches() ? ": try " + suggestion : ""));
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new Refused("'" + name + "' is longer than " + MAX_NAME_LENGTH + " characters: say it shorter");
        }
        if (!Files.isDirectory(directory)) {
            throw new Refused(directory + " is not a directory: run this from the project's root");
        }
        int highest = 0;
        for (Path existing : migrations(directory)) {
            Matcher matcher = MIGRATION.matcher(existing.getFileName().toString());
            if (!matcher.matches()) {
                continue;
            }
            if (matcher.group(2).equals(name)) {
                throw new Refused("a migration named " + name + " already exists: " + directory.resolve(
                        existing.getFileName()) + ". Choose another name; never edit an applied migration.");
            }
            highest = Math.max(highest, Integer.parseInt(matcher.group(1)));
        }
        int version = highest + 1;
        Path file = directory.resolve("V" + version + "__" + name + ".sql");
        try {
            Files.writeString(file, header(version, name), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new Refused(file + " already exists");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    static String header(int version, String name) {
        return """
                -- V%d: %s
                --
                -- Say here what this migration changes and why, for whoever reads it in a year.
                -- Once this file has been applied anywhere, never edit it: write a new migration.
                --
                -- make lint applies this file to a database that holds rows in every table, and refuses:
                --   index-without-concurrently  CREATE INDEX on an existing table: use CREATE INDEX CONCURRENTLY,
                --                               alone in a file of its own (Flyway runs it outside a transaction)
                --   constraint-validated-under-lock  ADD FOREIGN KEY / CHECK validated at once: add it NOT VALID,
                --                               then VALIDATE CONSTRAINT in a later migration
                --   column-type-rewrite         ALTER COLUMN TYPE that rewrites the table: add a new column,
                --                               backfill it in batches, switch over, drop the old one
                --   not-null-full-scan          SET NOT NULL that scans the table: first a CHECK (col IS NOT NULL)
                --                               NOT VALID, VALIDATE it in a later migration, then SET NOT NULL
                --   volatile-default            ADD COLUMN with a volatile default (random(), now()::text, ...)
                --                               rewrites the table: add it without, backfill, then SET DEFAULT
                --   fails-with-rows             the migration fails once the tables hold rows
                -- To exempt one statement, put a comment right above it that says why, e.g.
                --   -- lint: allow index-without-concurrently because widgets is created in this same release
                -- Then: make prepare, and commit this file with generated-snapshot/.

                """.formatted(version, name.replace('_', ' '));
    }

    private static List<Path> migrations(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** {@code java NewMigration.java <name> [directory]}: prints the new file's path, or the refusal (exit 2). */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: NewMigration <name_in_snake_case> [directory]");
            System.exit(2);
        }
        try {
            Path directory = Path.of(args.length == 2 ? args[1] : DEFAULT_DIRECTORY);
            System.out.println(create(directory, args[0]));
        } catch (Refused e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
