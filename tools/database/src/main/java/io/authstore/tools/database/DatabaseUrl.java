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
    /** Everything between the scheme and the last '@': whatever a password holds, it is inside. */
    private static final Pattern USER_INFO = Pattern.compile("(://)\\S*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;][a-z_]*password=)[^&;#\\s]*");
    private static final List<String> SSL_MODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    /** libpq's target_session_attrs values and pgjdbc's targetServerType for each. */
    private static final Map<String, String> TARGET_SESSION_ATTRS = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");

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
        this.parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
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
     * Parses a libpq URI or a pgjdbc URL. Characters with a meaning in URLs ({@code / ? # @}) must be
     * percent-encoded in the user name and password, as libpq requires.
     *
     * @throws DatabaseUrlException saying what is wrong; the message never contains the password, nor any part of
     *     the URL that could be one
     */
    public static DatabaseUrl parse(String url) {
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return parseUri(url.substring(url.indexOf("://") + 3), true);
        }
        if (url.startsWith("jdbc:postgresql://")) {
            return parseUri(url.substring("jdbc:postgresql://".length()), false);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            // jdbc:postgresql:database means localhost:5432
            return parseUri("/" + url.substring("jdbc:postgresql:".length()), false);
        }
        throw new DatabaseUrlException("unsupported database URL '" + redact(url)
                + "': expected postgresql://user:password@host:port/database (or postgres://, or jdbc:postgresql://)");
    }

    private static DatabaseUrl parseUri(String rest, boolean libpq) {
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = rest.substring(0, authorityEnd);
        String afterAuthority = rest.substring(authorityEnd);
        if (rest.indexOf('#') >= 0 || afterAuthority.indexOf('@') >= 0) {
            // A raw '#', or an '@' after the host, is almost always a password that was not percent-encoded.
            throw new DatabaseUrlException(UNENCODED_CHARACTERS);
        }
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
        }
        int queryStart = afterAuthority.indexOf('?');
        String path = queryStart >= 0 ? afterAuthority.substring(0, queryStart) : afterAuthority;
        String query = queryStart >= 0 ? afterAuthority.substring(queryStart + 1) : "";
        String database = path.length() > 1 ? decode(path.substring(1)) : null;
        if (database != null && database.indexOf('/') >= 0) {
            throw new DatabaseUrlException(UNENCODED_CHARACTERS);
        }

        List<HostAndPort> hosts = parseHosts(decode(authority));
        String hostParameter = null;
        String portParameter = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        int position = 0;
        for (String pair : query.split("&")) {
            position++;
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new DatabaseUrlException("query parameter " + position
                        + " of the database URL is not of the form name=value");
            }
            String name = decode(pair.substring(0, equals));
            String value = decode(pair.substring(equals + 1));
            switch (name) {
                case "user" -> user = value;
                case "password" -> password = value;
                case "dbname" -> database = value;
                case "host" -> hostParameter = value;
                case "port" -> portParameter = value;
                default -> {
                    if (libpq) {
                        parameters.put(pgjdbcProperty(name), pgjdbcValue(name, value));
                    } else {
                        parameters.put(name, value);
                    }
                }
            }
        }
        if (hostParameter != null) {
            hosts = parseHostNames(hostParameter);
        }
        if (portParameter != null) {
            hosts = withPorts(hosts, portParameter);
        }
        if (user == null || user.isEmpty()) {
            user = System.getProperty("user.name"); // libpq's default: the operating-system user
        }
        if (database == null || database.isEmpty()) {
            database = user; // libpq's default: a database named after the user
        }
        return new DatabaseUrl(hosts, database, user, password, parameters);
    }

    private static final String UNENCODED_CHARACTERS = "the database URL cannot be read: if the password contains"
            + " any of / ? # @, percent-encode them as %2F %3F %23 %40 (e.g. postgresql://mas:p%40ss@db:5432/mas)";

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
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
            case "target_session_attrs" -> {
                String serverType = TARGET_SESSION_ATTRS.get(value);
                if (serverType == null) {
                    throw new DatabaseUrlException("unsupported target_session_attrs '" + value + "': use one of "
                            + String.join(", ", TARGET_SESSION_ATTRS.keySet().stream().sorted().toList()));
                }
                yield serverType;
            }
            default -> value;
        };
    }

    /** {@code host1:port1,[::1]:port2} from the authority; a missing port is 5432, a missing host localhost. */
    private static List<HostAndPort> parseHosts(String hostList) {
        List<HostAndPort> hosts = new ArrayList<>();
        for (String hostSpec : hostList.isEmpty() ? new String[] {""} : hostList.split(",", -1)) {
            String host = hostSpec;
            int port = DEFAULT_PORT;
            if (hostSpec.startsWith("[")) {
                int close = hostSpec.indexOf(']');
                if (close < 0) {
                    throw new DatabaseUrlException("unbalanced '[' in the host of the database URL");
                }
                host = hostSpec.substring(1, close);
                if (hostSpec.length() > close + 1 && hostSpec.charAt(close + 1) == ':') {
                    port = parsePort(hostSpec.substring(close + 2));
                }
            } else {
                int colon = hostSpec.lastIndexOf(':');
                if (colon >= 0) {
                    host = hostSpec.substring(0, colon);
                    port = parsePort(hostSpec.substring(colon + 1));
                }
            }
            hosts.add(host(host, port));
        }
        return hosts;
    }

    /** The {@code host} parameter: names only, comma-separated (a bare IPv6 address stays whole). */
    private static List<HostAndPort> parseHostNames(String names) {
        List<HostAndPort> hosts = new ArrayList<>();
        for (String name : names.split(",", -1)) {
            hosts.add(host(name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name,
                    DEFAULT_PORT));
        }
        return hosts;
    }

    /** The {@code port} parameter: one port for every host, or one per host, as libpq does. */
    private static List<HostAndPort> withPorts(List<HostAndPort> hosts, String portList) {
        String[] ports = portList.split(",", -1);
        if (ports.length != 1 && ports.length != hosts.size()) {
            throw new DatabaseUrlException("the database URL names " + hosts.size() + " hosts but " + ports.length
                    + " ports: give one port, or one per host");
        }
        List<HostAndPort> result = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            result.add(new HostAndPort(hosts.get(i).host(), parsePort(ports[ports.length == 1 ? 0 : i])));
        }
        return result;
    }

    private static HostAndPort host(String host, int port) {
        if (host.isEmpty()) {
            return new HostAndPort("localhost", port);
        }
        if (host.startsWith("/")) {
            throw new DatabaseUrlException("the database URL names a Unix socket (" + host + "): connect over TCP"
                    + " instead, e.g. postgresql://user@localhost:5432/database");
        }
        return new HostAndPort(host, port);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below, without the text: it could be a password that lost its '@'
        }
        throw new DatabaseUrlException("the port in the database URL is not a number from 1 to 65535 (if the URL"
                + " holds a password, check that it is followed by '@' and percent-encoded)");
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new DatabaseUrlException("invalid percent-encoding in the database URL (a '%' must be followed by"
                    + " two hexadecimal digits; write a literal '%' as %25)");
        }
    }

    /**
     * Hides the password in any string that looks like a database URL, parsed or not: for messages about a URL
     * that could not be parsed.
     */
    public static String redact(String text) {
        String withoutUserInfo = USER_INFO.matcher(text).replaceAll("$1***@");
        return PASSWORD_PARAMETER.matcher(withoutUserInfo).replaceAll("$1***");
    }

    /** The pgjdbc URL, without user, password or any other secret (e.g. {@code sslpassword}). */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://");
        url.append(String.join(",", hosts.stream().map(HostAndPort::toString).toList()));
        url.append('/').append(encode(database));
        String separator = "?";
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (!isSecret(parameter.getKey())) {
                url.append(separator).append(encode(parameter.getKey())).append('=')
                        .append(encode(parameter.getValue()));
                separator = "&";
            }
        }
        return url.toString();
    }

    /** The properties pgjdbc needs beside {@link #jdbcUrl()}: user, password and other secrets. */
    public Properties jdbcProperties() {
        Properties properties = new Properties();
        properties.putAll(secretParameters());
        properties.setProperty("user", user);
        password().ifPresent(value -> properties.setProperty("password", value));
        return properties;
    }

    /** The driver parameters that {@link #jdbcUrl()} leaves out because they are secrets. */
    public Map<String, String> secretParameters() {
        Map<String, String> secrets = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (isSecret(name)) {
                secrets.put(name, value);
            }
        });
        return secrets;
    }

    private static boolean isSecret(String parameter) {
        return parameter.toLowerCase(java.util.Locale.ROOT).contains("password");
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
            url.append(separator).append(parameter.getKey()).append('=')
                    .append(isSecret(parameter.getKey()) ? "***" : parameter.getValue());
            separator = "&";
        }
        return url.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
