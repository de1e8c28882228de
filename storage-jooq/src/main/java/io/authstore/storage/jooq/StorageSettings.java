package io.authstore.storage.jooq;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the storage layer needs to reach PostgreSQL and size its pool, in one place. Build it from a
 * DATABASE_URL-style URI ({@link #fromUrl}, {@link #fromEnvironment}) or field by field ({@link #builder}); every
 * duration has a finite default, so no caller ever waits forever. {@link #toString()} never shows the password.
 *
 * @param host server host name or address
 * @param port server port
 * @param database database name
 * @param username role to log in as
 * @param password password, or {@code null} to log in without one
 * @param sslMode libpq's sslmode: disable, allow, prefer (the default, as in libpq), require, verify-ca, verify-full
 * @param applicationName shown in {@code pg_stat_activity}
 * @param maxSize the most connections the pool opens
 * @param acquireTimeout how long {@code open()} waits for a connection from an exhausted pool before failing
 * @param connectTimeout how long opening a new connection (TCP and login) may take
 * @param validationTimeout how long checking a pooled connection before handing it out may take
 * @param maxIdleTime an idle connection older than this is closed
 * @param maxLifeTime any connection older than this is closed once released, so that none lives forever
 * @param preparedStatementCacheSize server-side prepared statements kept per connection (bounded: the driver's
 *     default is unbounded)
 * @param statementTimeout PostgreSQL's {@code statement_timeout} for every statement
 * @param slowStatementThreshold statements slower than this are logged at WARN
 * @param sessionIdleTimeout a repository session that runs no statement for this long without being saved or
 *     cancelled is rolled back and its connection returned, with a warning: a forgotten session must not hold a
 *     connection (and row locks) forever
 * @param networkTimeout how much longer than {@code statementTimeout} the client waits for PostgreSQL to answer a
 *     statement, BEGIN, COMMIT or ROLLBACK before it fails the request and closes the connection: the server's own
 *     timeout cannot fire for a statement that a silent network never delivered
 * @param validateAfterIdle a pooled connection idle for longer than this is checked with a round trip to the server
 *     (bounded by {@code validationTimeout}) before it is handed out, so that one whose network died while it sat in
 *     the pool is dropped instead of failing its caller; connections in steady use are not checked
 * @param keepAliveIdle TCP keepalive on every connection, on both ends: the first probe after this much silence, then
 *     a third of it apart, and the peer declared dead after 3 unanswered probes; the kernel's default waits two hours
 */
public record StorageSettings(
        String host,
        int port,
        String database,
        String username,
        String password,
        String sslMode,
        String applicationName,
        int maxSize,
        Duration acquireTimeout,
        Duration connectTimeout,
        Duration validationTimeout,
        Duration maxIdleTime,
        Duration maxLifeTime,
        int preparedStatementCacheSize,
        Duration statementTimeout,
        Duration slowStatementThreshold,
        Duration sessionIdleTimeout,
        Duration networkTimeout,
        Duration validateAfterIdle,
        Duration keepAliveIdle) {

    public static final String ENVIRONMENT_VARIABLE = "DATABASE_URL";

    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final Set<String> URL_PARAMETERS =
            Set.of("user", "password", "sslmode", "application_name", "connect_timeout");

    public StorageSettings {
        requireText(host, "host");
        requireText(database, "database");
        requireText(username, "username");
        requireText(applicationName, "applicationName");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
        if (!SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException("sslMode must be one of " + SSL_MODES + ", not '" + sslMode + "'");
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1, not " + maxSize);
        }
        if (preparedStatementCacheSize < 0) {
            throw new IllegalArgumentException(
                    "preparedStatementCacheSize must be 0 (no cache) or more, not " + preparedStatementCacheSize);
        }
        requirePositive(acquireTimeout, "acquireTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(validationTimeout, "validationTimeout");
        requirePositive(maxIdleTime, "maxIdleTime");
        requirePositive(maxLifeTime, "maxLifeTime");
        requirePositive(statementTimeout, "statementTimeout");
        Objects.requireNonNull(slowStatementThreshold, "slowStatementThreshold");
        requirePositive(sessionIdleTimeout, "sessionIdleTimeout");
        requirePositive(networkTimeout, "networkTimeout");
        requirePositive(validateAfterIdle, "validateAfterIdle");
        requirePositive(keepAliveIdle, "keepAliveIdle");
        if (keepAliveIdle.toSeconds() < 1) {
            throw new IllegalArgumentException("keepAliveIdle is set in whole seconds, at least 1 s, not " + keepAliveIdle);
        }
    }

    /** How long the client waits for any answer from PostgreSQL before it gives up on the connection. */
    public Duration unansweredTimeout() {
        return statementTimeout.plus(networkTimeout);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value
                    + " (a missing timeout would let callers wait forever)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings from a URI like {@code postgresql://user:password@host:5432/database?sslmode=require}. */
    public static StorageSettings fromUrl(String url) {
        return builder().url(url).build();
    }

    /** Settings from the {@value #ENVIRONMENT_VARIABLE} environment variable. */
    public static StorageSettings fromEnvironment() {
        String url = System.getenv(ENVIRONMENT_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE
                    + " is not set: set it to the database to use, e.g. postgresql://user:password@localhost:5432/mas");
        }
        return fromUrl(url);
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.host = host;
        builder.port = port;
        builder.database = database;
        builder.username = username;
        builder.password = password;
        builder.sslMode = sslMode;
        builder.applicationName = applicationName;
        builder.maxSize = maxSize;
        builder.acquireTimeout = acquireTimeout;
        builder.connectTimeout = connectTimeout;
        builder.validationTimeout = validationTimeout;
        builder.maxIdleTime = maxIdleTime;
        builder.maxLifeTime = maxLifeTime;
        builder.preparedStatementCacheSize = preparedStatementCacheSize;
        builder.statementTimeout = statementTimeout;
        builder.slowStatementThreshold = slowStatementThreshold;
        builder.sessionIdleTimeout = sessionIdleTimeout;
        builder.networkTimeout = networkTimeout;
        builder.validateAfterIdle = validateAfterIdle;
        builder.keepAliveIdle = keepAliveIdle;
        return builder;
    }

    /** The server as a URI without the password, for messages. */
    public String redactedUrl() {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return "postgresql://" + username + (password == null ? "" : ":***") + "@" + hostPart + ":" + port + "/"
                + database;
    }

    @Override
    public String toString() {
        return "StorageSettings[" + redactedUrl() + ", sslMode=" + sslMode + ", applicationName=" + applicationName
                + ", maxSize=" + maxSize + ", acquireTimeout=" + acquireTimeout + ", connectTimeout="
                + connectTimeout + ", validationTimeout=" + validationTimeout + ", maxIdleTime=" + maxIdleTime
                + ", maxLifeTime=" + maxLifeTime + ", preparedStatementCacheSize=" + preparedStatementCacheSize
                + ", statementTimeout=" + statementTimeout + ", slowStatementThreshold=" + slowStatementThreshold
                + ", sessionIdleTimeout=" + sessionIdleTimeout + ", networkTimeout=" + networkTimeout
                + ", validateAfterIdle=" + validateAfterIdle + ", keepAliveIdle=" + keepAliveIdle + "]";
    }

    /** Field-by-field construction, starting from the defaults. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 5432;
        private String database;
        private String username;
        private String password;
        private String sslMode = "prefer";
        private String applicationName = "authstore";
        private int maxSize = 10;
        private Duration acquireTimeout = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration validationTimeout = Duration.ofSeconds(2);
        private Duration maxIdleTime = Duration.ofMinutes(10);
        private Duration maxLifeTime = Duration.ofMinutes(30);
        private int preparedStatementCacheSize = 256;
        private Duration statementTimeout = Duration.ofSeconds(30);
        private Duration slowStatementThreshold = Duration.ofMillis(100);
        private Duration sessionIdleTimeout = Duration.ofSeconds(60);
        private Duration networkTimeout = Duration.ofSeconds(5);
        private Duration validateAfterIdle = Duration.ofSeconds(5);
        private Duration keepAliveIdle = Duration.ofSeconds(15);

        private Builder() {}

        /**
         * Takes host, port, database, user, password and the parameters {@code user}, {@code password},
         * {@code sslmode}, {@code application_name} and {@code connect_timeout} (seconds) from a
         * {@code postgresql://} (or {@code postgres://}, or pgjdbc's {@code jdbc:postgresql://}) URI, as the tools'
         * DATABASE_URL; percent-encode special characters in the password.
         */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            String stripped = url.strip();
            if (stripped.regionMatches(true, 0, "jdbc:", 0, 5)) {
                stripped = stripped.substring(5);
            }
            URI uri;
            try {
                uri = new URI(stripped);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a valid database URL (" + redact(url)
                        + "): percent-encode special characters in the user name and password");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
                throw new IllegalArgumentException("a database URL starts with postgresql:// (got " + redact(url) + ")");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the database URL names no host: " + redact(url));
            }
            host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            port = uri.getPort() == -1 ? 5432 : uri.getPort();
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            for (Map.Entry<String, String> parameter : parameters(uri.getRawQuery(), url).entrySet()) {
                switch (parameter.getKey()) {
                    case "user" -> username = parameter.getValue();
                    case "password" -> password = parameter.getValue();
                    case "sslmode" -> sslMode = parameter.getValue();
                    case "application_name" -> applicationName = parameter.getValue();
                    case "connect_timeout" -> connectTimeout = seconds(parameter.getKey(), parameter.getValue());
                    default -> throw new IllegalArgumentException("unsupported database URL parameter '"
                            + parameter.getKey() + "'; supported: " + URL_PARAMETERS);
                }
            }
            database = path.length() > 1 ? decode(path.substring(1)) : username;
            return this;
        }

        private static Map<String, String> parameters(String rawQuery, String url) {
            Map<String, String> parameters = new LinkedHashMap<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return parameters;
            }
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException(
                            "database URL parameter without a value: '" + pair + "' in " + redact(url));
                }
                parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
            }
            return parameters;
        }

        private static String decode(String text) {
            try {
                return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // The decoder's message quotes the text, which may be the password.
                throw new IllegalArgumentException("the database URL has an invalid %-escape: write % itself as %25");
            }
        }

        private static Duration seconds(String name, String value) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " is a number of seconds, not '" + value + "'");
            }
        }

        /**
         * The URL with its passwords replaced: everything between the user name and the last "@" (even a password
         * with an unencoded "@" in it) and any {@code password=} parameter.
         */
        static String redact(String url) {
            return url.replaceAll("(://[^/@:]*):.*@", "$1:***@").replaceAll("(?i)([?&]password=)[^&]*", "$1***");
        }

        public Builder host(String value) { host = value; return this; }
        public Builder port(int value) { port = value; return this; }
        public Builder database(String value) { database = value; return this; }
        public Builder username(String value) { username = value; return this; }
        public Builder password(String value) { password = value; return this; }
        public Builder sslMode(String value) { sslMode = value; return this; }
        public Builder applicationName(String value) { applicationName = value; return this; }
        public Builder maxSize(int value) { maxSize = value; return this; }
        public Builder acquireTimeout(Duration value) { acquireTimeout = value; return this; }
        public Builder connectTimeout(Duration value) { connectTimeout = value; return this; }
        public Builder validationTimeout(Duration value) { validationTimeout = value; return this; }
        public Builder maxIdleTime(Duration value) { maxIdleTime = value; return this; }
        public Builder maxLifeTime(Duration value) { maxLifeTime = value; return this; }
        public Builder preparedStatementCacheSize(int value) { preparedStatementCacheSize = value; return this; }
        public Builder statementTimeout(Duration value) { statementTimeout = value; return this; }
        public Builder slowStatementThreshold(Duration value) { slowStatementThreshold = value; return this; }
        public Builder sessionIdleTimeout(Duration value) { sessionIdleTimeout = value; return this; }
        public Builder networkTimeout(Duration value) { networkTimeout = value; return this; }
        public Builder validateAfterIdle(Duration value) { validateAfterIdle = value; return this; }
        public Builder keepAliveIdle(Duration value) { keepAliveIdle = value; return this; }

        public StorageSettings build() {
            return new StorageSettings(host, port, database, username, password, sslMode, applicationName, maxSize,
                    acquireTimeout, connectTimeout, validationTimeout, maxIdleTime, maxLifeTime,
                    preparedStatementCacheSize, statementTimeout, slowStatementThreshold, sessionIdleTimeout,
                    networkTimeout, validateAfterIdle, keepAliveIdle);
        }
    }
}
