package io.authstore.tools.cli;

import io.authstore.tools.database.Adoption;
import io.authstore.tools.database.DatabaseUrl;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "adopt", mixinStandardHelpOptions = true,
        description = {"Takes over a database that MAS migrated, instead of running authstore's migrations on it.",
            "Compares its schema (tables, columns, types, nullability, defaults, keys, indexes, constraints, enum"
                    + " values, functions, triggers) with the schema of each authstore version. When one matches,"
                    + " records that version as Flyway's baseline, so that migrate continues from there, and changes"
                    + " nothing else. Otherwise lists the differences and changes nothing."})
final class AdoptCommand implements Callable<Integer> {

    @Mixin
    private DatabaseOptions database;

    @CommandLine.ParentCommand
    private AuthstoreCommand parent;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DatabaseUrl url = database.url(parent.environment());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("adopting " + url.redacted());
        out.flush();
        Adoption.Outcome outcome = Adoption.fromClasspath(url).adopt();
        if (outcome instanceof Adoption.Outcome.Adopted adopted) {
            out.println("adopted: the schema is authstore's version " + adopted.version()
                    + (adopted.masVersion() > 0 ? " (MAS migration " + adopted.masVersion() + ")" : "")
                    + "; recorded as Flyway's baseline, nothing else changed. `authstore migrate` continues from"
                    + " there.");
            return ExitCode.OK;
        }
        if (outcome instanceof Adoption.Outcome.Empty) {
            err.println("error: the database is empty: there is nothing to adopt. Run `authstore migrate` to create"
                    + " the schema.");
            return ExitCode.ADOPT_EMPTY;
        }
        if (outcome instanceof Adoption.Outcome.AlreadyAuthstore already) {
            err.println("error: the database is already authstore's (Flyway's history is there, at version "
                    + already.version() + "): nothing to adopt. Use `authstore status` and `authstore migrate`.");
            return ExitCode.ADOPT_ALREADY;
        }
        if (outcome instanceof Adoption.Outcome.MasNewer newer) {
            err.println("error: MAS migrated this database to " + newer.masVersion() + ", later than "
                    + Adoption.MAS_VERSION + ", the newest MAS schema authstore knows; nothing was changed. Use an"
                    + " authstore release that knows MAS " + newer.masVersion() + "."
                    + differences(newer.differences()));
            return ExitCode.ADOPT_MAS_NEWER;
        }
        if (outcome instanceof Adoption.Outcome.MasOlder older) {
            err.println("error: MAS migrated this database only to " + older.masVersion() + ", and no authstore"
                    + " version matches it; nothing was changed. Upgrade it with MAS to " + Adoption.MAS_VERSION
                    + " first, then adopt." + differences(older.differences()));
            return ExitCode.ADOPT_MAS_OLDER;
        }
        Adoption.Outcome.Differs differs = (Adoption.Outcome.Differs) outcome;
        err.println("error: the schema matches no authstore version" + (differs.masHistory() ? ""
                : " (and no _sqlx_migrations table says MAS migrated it)") + "; nothing was changed. Differences"
                + " from authstore's version " + differs.closestVersion() + ", the closest:"
                + differences(differs.differences()));
        return ExitCode.ADOPT_DIFFERS;
    }

    private static String differences(List<String> differences) {
        if (differences.isEmpty()) {
            return "";
        }
        return "\n  " + String.join("\n  ", differences);
    }
}
