package io.authstore.tools.maven;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.url.HostAndPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the PREPARE_DATABASE_URL password to jOOQ's generator through a private pgpass file that pgjdbc reads,
 * instead of the plugin configuration, which {@code mvn -X} prints.
 */
final class PasswordFile implements AutoCloseable {

    /** The system property through which pgjdbc finds its pgpass file. */
    private static final String PGJDBC_PROPERTY = "org.postgresql.pgpassfile";

    private final Path file;

    private PasswordFile(Path file) {
        this.file = file;
    }

    /** Writes the URL's password, if it has one, and points pgjdbc at it; otherwise does nothing. */
    static PasswordFile forUrl(DatabaseUrl url) {
        if (url.password().isEmpty()) {
            return new PasswordFile(null);
        }
        try {
            Path file = Files.createTempFile("authstore-pgpass", "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            List<String> lines = new ArrayList<>();
            for (HostAndPort host : url.hosts()) {
                lines.add(String.join(":", escape(host.host()), Integer.toString(host.port()), escape(url.database()),
                        escape(url.user()), escape(url.password().get())));
            }
            Files.write(file, lines);
            System.setProperty(PGJDBC_PROPERTY, file.toString());
            return new PasswordFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a private password file for the generator", e);
        }
    }

    /** pgpass escapes ':' and '\'. */
    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }

    @Override
    public void close() {
        if (file == null) {
            return;
        }
        if (file.toString().equals(System.getProperty(PGJDBC_PROPERTY))) {
            System.clearProperty(PGJDBC_PROPERTY);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the file is private to this user and in the temporary directory
        }
    }
}
