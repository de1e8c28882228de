package io.authstore.url;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection URL, read by libpq's rules: a connection URI ({@code postgresql://} or {@code postgres://})
 * or pgjdbc's {@code jdbc:postgresql://} form. Several hosts ({@code h1:5432,h2:5432}, or the {@code host} and
 * {@code port} parameters), IPv6 addresses in brackets and percent-encoding are understood; a missing port is 5432,
 * a missing host localhost, a missing user the operating-system user and a missing database the user's name.
 *
 * <p>The user, password, database, {@code host} and {@code port} parameters become fields; every other parameter is
 * kept, in order, under the name the URL gave it, for the caller to accept or refuse ({@code target_session_attrs}
 * is checked here, as it is the same for everyone). No string this type makes, and no message of its exceptions,
 * contains the password.
 */
public final class PostgresUrl {

    public static final int DEFAULT_PORT = 5432;
    public static final String TARGET_SESSION_ATTRS = "target_session_attrs";

    /** Everything between the scheme and the last '@': whatever a password holds, it is inside. */
    private static final Pattern USER_INFO = Pattern.compile("(://)\\S*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;][a-z_]*password=)[^&;#\\s]*");
    private static final String UNENCODED_CHARACTERS = "the database URL cannot be read: if the password contains"
            + " any of / ? # @, percent-encode them as %2F %3F %23 %40 (a password p@w is written p%40w)";

    /** How the URL was written: pgjdbc's parameter names differ from libpq's. */
    public enum Form { LIBPQ, JDBC }

    private final Form form;
    private final List<HostAndPort> hosts;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;
    private final TargetSessionAttrs targetSessionAttrs;

    private PostgresUrl(Form form, List<HostAndPort> hosts, String database, String user, String password,
            Map<String, String> parameters) {
        this.form = form;
        this.hosts = List.copyOf(hosts);
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        String attrs = parameters.get(TARGET_SESSION_ATTRS);
        this.targetSessionAttrs = attrs == null ? TargetSessionAttrs.ANY : TargetSessionAttrs.fromLibpqName(attrs);
    }

    /**
     * Reads a libpq connection URI or a pgjdbc URL. Characters with a meaning in URLs ({@code / ? # @}, spaces) must
     * be percent-encoded in the user name and password, as libpq requires; an unencoded '@' in the password is
     * tolerated when a host follows it.
     *
     * @throws InvalidDatabaseUrlException saying what is wrong; the message never contains the password, nor any
     *     part of the URL that could be one
     */
    public static PostgresUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String text = url.strip();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) || Character.isISOControl(text.charAt(i))) {
                throw new InvalidDatabaseUrlException("the database URL contains a space or a control character:"
                        + " percent-encode it (a space is %20), also in the user name and password");
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return parseAfterScheme(text.substring(text.indexOf("://") + 3), Form.LIBPQ);
        }
        if (lower.startsWith("jdbc:postgresql://")) {
            return parseAfterScheme(text.substring("jdbc:postgresql://".length()), Form.JDBC);
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            // jdbc:postgresql:database means localhost:5432
            return parseAfterScheme("/" + text.substring("jdbc:postgresql:".length()), Form.JDBC);
        }
        throw new InvalidDatabaseUrlException("unsupported database URL '" + redact(text)
                + "': expected postgresql://user:password@host:port/database (or postgres://, or jdbc:postgresql://)");
    }

    private static PostgresUrl parseAfterScheme(String rest, Form form) {
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = rest.substring(0, authorityEnd);
        String afterAuthority = rest.substring(authorityEnd);
        if (rest.indexOf('#') >= 0 || afterAuthority.indexOf('@') >= 0) {
            // A raw '#', or an '@' after the host, is almost always a password that was not percent-encoded.
            throw new InvalidDatabaseUrlException(UNENCODED_CHARACTERS);
        }
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            if (userInfo.indexOf('@') >= 0 && authority.isEmpty()) {
                // "u:p@ss@/db": the '@' that ends the password cannot be told from one inside it
                throw new InvalidDatabaseUrlException(UNENCODED_CHARACTERS);
            }
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
        }
        int queryStart = afterAuthority.indexOf('?');
        String path = queryStart >= 0 ? afterAuthority.substring(0, queryStart) : afterAuthority;
        String query = queryStart >= 0 ? afterAuthority.substring(queryStart + 1) : "";
        String database = path.length() > 1 ? decode(path.substring(1)) : null;
        if (database != null && database.indexOf('/') >= 0) {
            throw new InvalidDatabaseUrlException(UNENCODED_CHARACTERS);
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
                throw new InvalidDatabaseUrlException("query parameter " + position
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
                default -> parameters.put(name, value);
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
        return new PostgresUrl(form, hosts, database, user, password, parameters);
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
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
                    throw new InvalidDatabaseUrlException("unbalanced '[' in the host of the database URL");
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
            throw new InvalidDatabaseUrlException("the database URL names " + hosts.size() + " hosts but "
                    + ports.length + " ports: give one port, or one per host");
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
            throw new InvalidDatabaseUrlException("the database URL names a Unix socket (" + host + "): connect over"
                    + " TCP instead, e.g. postgresql://user@localhost:5432/database");
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
        throw new InvalidDatabaseUrlException("the port in the database URL is not a number from 1 to 65535 (if the"
                + " URL holds a password, check that it is followed by '@' and percent-encoded)");
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // the decoder's own message quotes the text, which may be the password
            throw new InvalidDatabaseUrlException("invalid percent-encoding in the database URL (a '%' must be"
                    + " followed by two hexadecimal digits; write a literal '%' as %25)");
        }
    }

    /**
     * Hides the passwords in any text that may hold database URLs, parsed or not (a message about a URL that could
     * not be parsed, a tool's output): the user info of every URL and every {@code …password=} parameter.
     */
    public static String redact(String text) {
        String withoutUserInfo = USER_INFO.matcher(text).replaceAll("$1***@");
        return PASSWORD_PARAMETER.matcher(withoutUserInfo).replaceAll("$1***");
    }

    /** Whether a parameter holds a secret ({@code password}, {@code sslpassword} …) and must never be printed. */
    public static boolean isSecret(String parameter) {
        return parameter.toLowerCase(Locale.ROOT).contains("password");
    }

    public Form form() {
        return form;
    }

    /** The servers in the order the URL lists them; at least one. */
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

    /** The other parameters, under the names and in the order the URL gave them. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** {@code target_session_attrs}, {@link TargetSessionAttrs#ANY} when the URL does not say. */
    public TargetSessionAttrs targetSessionAttrs() {
        return targetSessionAttrs;
    }

    /** The URL as libpq would take it, with every secret replaced by {@code ***}: safe to print. */
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
