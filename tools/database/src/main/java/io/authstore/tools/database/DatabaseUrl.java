package io.authstore.tools.database;

import io.authstore.url.HostAndPort;
import io.authstore.url.InvalidDatabaseUrlException;
import io.authstore.url.PostgresUrl;
import io.authstore.url.TargetSessionAttrs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a PostgreSQL database is and how to log in, from a libpq connection URI
 * ({@code postgresql://user:password@host:5432/db?sslmode=require}, also {@code postgres://}, several hosts
 * allowed) or a pgjdbc URL ({@code jdbc:postgresql://host:5432/db?user=u&password=p}), as pgjdbc (Flyway, the
 * generator) needs it. {@link PostgresUrl} reads the URL; this class says which libpq parameters the tools take and
 * what each becomes for pgjdbc.
 *
 * <p>The password is kept out of every string this type produces: {@link #toString()} and {@link #redacted()}
 * print {@code ***} in its place, and {@link #jdbcUrl()} carries no credentials (they travel in
 * {@link #jdbcProperties()}), so a URL can be logged or put in an error message safely.
 */
public final class DatabaseUrl {

    /** The variable operators set, as for MAS and sqlx. */
    public static final String ENVIRONMENT_VARIABLE = "DATABASE_URL";

    static final String EXAMPLE = "postgresql://authstore:secret@localhost:5432/authstore";
    /** libpq parameter names and the pgjdbc property each becomes. */
    private static final Map<String, String> LIBPQ_TO_PGJDBC = Map.of(
            "sslmode", "sslmode",
            "sslrootcert", "sslrootcert",
            "sslcert", "sslcert",
            "sslkey", "sslkey",
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout",
            "options", "options",
            PostgresUrl.TARGET_SESSION_ATTRS, "targetServerType");
    private static final List<String> SSL_MODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private final PostgresUrl url;
    private final Map<String, String> parameters;

    private DatabaseUrl(PostgresUrl url, Map<String, String> parameters) {
        this.url = url;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Reads {@code DATABASE_URL} from the given environment.
     *
     * @throws DatabaseUrlException naming the variable and an example when it is missing or blank
     */
    public static DatabaseUrl fromEnvironment(Map<String, String> environment) {
        return fromEnvironment(ENVIRONMENT_VARIABLE, environment);
    }

    public static DatabaseUrl fromEnvironment(String variable, Map<String, String> environment) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new DatabaseUrlException(variable + " is not set: set it to the database to use, for example "
                    + variable + "=" + EXAMPLE);
        }
        return parse(value.strip());
    }

    /**
     * Parses a libpq URI or a pgjdbc URL (see {@link PostgresUrl#parse}).
     *
     * @throws DatabaseUrlException saying what is wrong; the message never contains the password, nor any part of
     *     the URL that could be one
     */
    public static DatabaseUrl parse(String text) {
        try {
            PostgresUrl url = PostgresUrl.parse(text);
            Map<String, String> parameters = new LinkedHashMap<>();
            url.parameters().forEach((name, value) -> {
                if (url.form() == PostgresUrl.Form.LIBPQ) {
                    parameters.put(pgjdbcProperty(name), pgjdbcValue(name, value));
                } else {
                    parameters.put(name, value);
                }
            });
            return new DatabaseUrl(url, parameters);
        } catch (InvalidDatabaseUrlException e) {
            throw new DatabaseUrlException(e.getMessage());
        }
    }

    private static String pgjdbcProperty(String libpqName) {
        String property = LIBPQ_TO_PGJDBC.get(libpqName);
        if (property == null) {
            throw new DatabaseUrlException("unsupported parameter '" + libpqName + "' in the database URL: supported"
                    + " are user, password, dbname, host, port, "
                    + String.join(", ", LIBPQ_TO_PGJDBC.keySet().stream().sorted().toList()));
        }
        return property;
    }

    private static String pgjdbcValue(String libpqName, String value) {
        return switch (libpqName) {
            case "sslmode" -> {
                if (!SSL_MODES.contains(value)) {
                    throw new DatabaseUrlException("unsupported sslmode '" + value + "': use one of "
                            + String.join(", ", SSL_MODES));
                }
                yield value;
            }
            case PostgresUrl.TARGET_SESSION_ATTRS -> pgjdbcServerType(TargetSessionAttrs.fromLibpqName(value));
            default -> value;
        };
    }

    /**
     * pgjdbc's {@code targetServerType} for libpq's value. pgjdbc knows no "read-only" other than a standby, and its
     * "primary" is a server that is not read-only, which is libpq's read-write.
     */
    private static String pgjdbcServerType(TargetSessionAttrs attrs) {
        return switch (attrs) {
            case ANY -> "any";
            case READ_WRITE, PRIMARY -> "primary";
            case READ_ONLY, STANDBY -> "secondary";
            case PREFER_STANDBY -> "preferSecondary";
        };
    }

    /**
     * Hides the password in any string that looks like a database URL, parsed or not: for messages about a URL
     * that could not be parsed.
     */
    public static String redact(String text) {
        return PostgresUrl.redact(text);
    }

    /** The pgjdbc URL, without user, password or any other secret (e.g. {@code sslpassword}). */
    public String jdbcUrl() {
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://");
        jdbc.append(String.join(",", hosts().stream().map(HostAndPort::toString).toList()));
        jdbc.append('/').append(encode(database()));
        String separator = "?";
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (!PostgresUrl.isSecret(parameter.getKey())) {
                jdbc.append(separator).append(encode(parameter.getKey())).append('=')
                        .append(encode(parameter.getValue()));
                separator = "&";
            }
        }
        return jdbc.toString();
    }

    /** The properties pgjdbc needs beside {@link #jdbcUrl()}: user, password and other secrets. */
    public Properties jdbcProperties() {
        Properties properties = new Properties();
        properties.putAll(secretParameters());
        properties.setProperty("user", user());
        password().ifPresent(value -> properties.setProperty("password", value));
        return properties;
    }

    /** The driver parameters that {@link #jdbcUrl()} leaves out because they are secrets. */
    public Map<String, String> secretParameters() {
        Map<String, String> secrets = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (PostgresUrl.isSecret(name)) {
                secrets.put(name, value);
            }
        });
        return secrets;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The URL as read, for what the tools share with the storage layer. */
    public PostgresUrl parsed() {
        return url;
    }

    public List<HostAndPort> hosts() {
        return url.hosts();
    }

    public String database() {
        return url.database();
    }

    public String user() {
        return url.user();
    }

    public Optional<String> password() {
        return url.password();
    }

    /** Parameters passed on to the driver, under their pgjdbc names. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** The URL as libpq would take it, password replaced by {@code ***}: safe to print. */
    public String redacted() {
        return url.redacted();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
