package io.authstore.tools.database;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL database is and how to log in, parsed from a libpq connection URI
 * ({@code postgresql://user:password@host:5432/db?sslmode=require}, also {@code postgres://}) or a pgjdbc URL
 * ({@code jdbc:postgresql://host:5432/db?user=u&password=p}).
 *
 * <p>The password is kept out of every string this type produces: {@link #toString()} and {@link #redacted()}
 * print {@code ***} in its place, and {@link #jdbcUrl()} carries no credentials (they travel in
 * {@link #jdbcProperties()}), so a URL can be logged or put in an error message safely.
 */
public final class DatabaseUrl {

    /** The variable operators set, as for MAS and sqlx. */
    public static final String ENVIRONMENT_VARIABLE = "DATABASE_URL";

    static final String EXAMPLE = "postgresql://authstore:secret@localhost:5432/authstore";
    private static final int DEFAULT_PORT = 5432;
    /** libpq parameter names and the pgjdbc property each becomes. */
    private static final Map<String, String> LIBPQ_TO_PGJDBC = Map.of(
            "sslmode", "sslmode",
            "sslrootcert", "sslrootcert",
            "sslcert", "sslcert",
            "sslkey", "sslkey",
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout",
            "options", "options",
            "target_session_attrs", "targetServerType");
    private static final Pattern PASSWORD_IN_USERINFO = Pattern.compile("(://[^:/@?#]*):[^@/?#]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    private final List<HostAndPort> hosts;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;

    private DatabaseUrl(List<HostAndPort> hosts, String database, String user, String password,
            Map<String, String> parameters) {
        this.hosts = List.copyOf(hosts);
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = Map.copyOf(parameters);
    }

    /** One server address of a (possibly multi-host) URL. */
    public record HostAndPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
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
     * Parses a libpq URI or a pgjdbc URL.
     *
     * @throws DatabaseUrlException saying what is wrong, with the password redacted
     */
    public static DatabaseUrl parse(String url) {
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return parseUri(url, url.substring(url.indexOf("://") + 3), true);
        }
        if (url.startsWith("jdbc:postgresql://")) {
            return parseUri(url, url.substring("jdbc:postgresql://".length()), false);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            // jdbc:postgresql:database means localhost:5432
            return parseUri(url, "/" + url.substring("jdbc:postgresql:".length()), false);
        }
        throw new DatabaseUrlException("unsupported database URL '" + redact(url)
                + "': expected postgresql://user:password@host:port/database (or postgres://, or jdbc:postgresql://)");
    }

    private static DatabaseUrl parseUri(String original, String rest, boolean libpq) {
        String query = "";
        int questionMark = rest.indexOf('?');
        if (questionMark >= 0) {
            query = rest.substring(questionMark + 1);
            rest = rest.substring(0, questionMark);
        }
        String authority = rest;
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            authority = rest.substring(0, slash);
            path = rest.substring(slash + 1);
        }
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, original);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1), original) : null;
        }
        String database = path.isEmpty() ? null : decode(path, original);
        String hostList = authority;

        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new DatabaseUrlException("malformed parameter '" + redact(pair) + "' in database URL '"
                        + redact(original) + "': expected name=value");
            }
            String name = decode(pair.substring(0, equals), original);
            String value = decode(pair.substring(equals + 1), original);
            switch (name) {
                case "user" -> user = value;
                case "password" -> password = value;
                case "dbname" -> database = value;
                case "host" -> hostList = value;
                case "port" -> hostList = hostList.isEmpty() ? "localhost:" + value : hostList + ":" + value;
                default -> {
                    if (libpq) {
                        String property = LIBPQ_TO_PGJDBC.get(name);
                        if (property == null) {
                            throw new DatabaseUrlException("unsupported parameter '" + name + "' in database URL '"
                                    + redact(original) + "': supported are user, password, dbname, host, port, "
                                    + String.join(", ", LIBPQ_TO_PGJDBC.keySet().stream().sorted().toList()));
                        }
                        parameters.put(property, value);
                    } else {
                        parameters.put(name, value);
                    }
                }
            }
        }
        List<HostAndPort> hosts = parseHosts(hostList, original);
        if (user == null || user.isEmpty()) {
            user = System.getProperty("user.name"); // libpq's default: the operating-system user
        }
        if (database == null || database.isEmpty()) {
            database = user; // libpq's default: a database named after the user
        }
        return new DatabaseUrl(hosts, database, user, password, parameters);
    }

    private static List<HostAndPort> parseHosts(String hostList, String original) {
        List<HostAndPort> hosts = new ArrayList<>();
        for (String hostSpec : hostList.isEmpty() ? new String[] {"localhost"} : hostList.split(",")) {
            String host = hostSpec;
            int port = DEFAULT_PORT;
            if (hostSpec.startsWith("[")) {
                int close = hostSpec.indexOf(']');
                if (close < 0) {
                    throw new DatabaseUrlException("unbalanced '[' in the host of '" + redact(original) + "'");
                }
                host = hostSpec.substring(1, close);
                if (hostSpec.length() > close + 1 && hostSpec.charAt(close + 1) == ':') {
                    port = parsePort(hostSpec.substring(close + 2), original);
                }
            } else {
                int colon = hostSpec.lastIndexOf(':');
                if (colon >= 0) {
                    host = hostSpec.substring(0, colon);
                    port = parsePort(hostSpec.substring(colon + 1), original);
                }
            }
            if (host.isEmpty()) {
                host = "localhost";
            }
            if (host.startsWith("/")) {
                throw new DatabaseUrlException("'" + redact(original) + "' names a Unix socket (" + host
                        + "): connect over TCP instead, e.g. postgresql://user@localhost:5432/database");
            }
            hosts.add(new HostAndPort(host, port));
        }
        return hosts;
    }

    private static int parsePort(String text, String original) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new DatabaseUrlException("invalid port '" + text + "' in database URL '" + redact(original) + "'");
    }

    private static String decode(String text, String original) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new DatabaseUrlException("invalid percent-encoding in database URL '" + redact(original) + "'");
        }
    }

    /**
     * Hides the password in any string that looks like a database URL, parsed or not: for messages about a URL
     * that could not be parsed.
     */
    public static String redact(String text) {
        String withoutUserInfoPassword = PASSWORD_IN_USERINFO.matcher(text).replaceAll("$1:***@");
        return PASSWORD_PARAMETER.matcher(withoutUserInfoPassword).replaceAll("$1***");
    }

    /** The pgjdbc URL, without user or password. */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://");
        url.append(String.join(",", hosts.stream().map(HostAndPort::toString).toList()));
        url.append('/').append(encode(database));
        String separator = "?";
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            url.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = "&";
        }
        return url.toString();
    }

    /** The properties pgjdbc needs beside {@link #jdbcUrl()}: user and password. */
    public Properties jdbcProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        password().ifPresent(value -> properties.setProperty("password", value));
        return properties;
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public List<HostAndPort> hosts() {
        return hosts;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Parameters passed on to the driver, under their pgjdbc names. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** The URL as libpq would take it, password replaced by {@code ***}: safe to print. */
    public String redacted() {
        StringBuilder url = new StringBuilder("postgresql://").append(user);
        if (password != null) {
            url.append(":***");
        }
        url.append('@').append(String.join(",", hosts.stream().map(HostAndPort::toString).toList()));
        url.append('/').append(database);
        String separator = "?";
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            boolean secret = parameter.getKey().toLowerCase(java.util.Locale.ROOT).contains("password");
            url.append(separator).append(parameter.getKey()).append('=').append(secret ? "***" : parameter.getValue());
            separator = "&";
        }
        return url.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
