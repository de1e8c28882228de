package io.authstore.storage.jooq;

import io.authstore.url.HostAndPort;
import io.authstore.url.PostgresUrl;
import io.authstore.url.TargetSessionAttrs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the storage layer needs to reach PostgreSQL and size its pool, in one place. Build it from a
 * DATABASE_URL-style URI ({@link #fromUrl}, {@link #fromEnvironment}) or field by field ({@link #builder}); every
 * duration has a finite default, so no caller ever waits forever. {@link #toString()} never shows the password.
 *
 * @param hosts the servers, in the order they are tried (libpq's multi-host URL: a primary and its standbys)
 * @param targetSessionAttrs libpq's {@code target_session_attrs}: which of the hosts the pool's connections may
 *     settle on (any, read-write/primary, read-only/standby, prefer-standby)
 * @param readOnlyTargetSessionAttrs the same for {@code readOnly} units of work: prefer-standby by default, so they
 *     run on a standby when the URL names one
 * @param hostRecheckTime how long the driver trusts what it learnt of a host (primary, standby, down) before asking
 *     again: after a failover, the new primary is found within this time
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
        List<HostAndPort> hosts,
        TargetSessionAttrs targetSessionAttrs,
        TargetSessionAttrs readOnlyTargetSessionAttrs,
        Duration hostRecheckTime,
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
    private static final Set<String> URL_PARAMETERS = new TreeSet<>(Set.of("user", "password", "dbname", "host",
            "port", "sslmode", "application_name", "connect_timeout", PostgresUrl.TARGET_SESSION_ATTRS));

    public StorageSettings {
        if (hosts == null || hosts.isEmpty()) {
            throw new IllegalArgumentException("hosts must name at least one server");
        }
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(targetSessionAttrs, "targetSessionAttrs");
        Objects.requireNonNull(readOnlyTargetSessionAttrs, "readOnlyTargetSessionAttrs");
        requirePositive(hostRecheckTime, "hostRecheckTime");
        requireText(database, "database");
        requireText(username, "username");
        requireText(applicationName, "applicationName");
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

    /** The first server of {@link #hosts()} (the only one of a single-host URL). */
    public String host() {
        return hosts.getFirst().host();
    }

    /** The port of the first server of {@link #hosts()}. */
    public int port() {
        return hosts.getFirst().port();
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
        builder.hosts = hosts;
        builder.targetSessionAttrs = targetSessionAttrs;
        builder.readOnlyTargetSessionAttrs = readOnlyTargetSessionAttrs;
        builder.hostRecheckTime = hostRecheckTime;
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

    /** The servers as a URI without the password, for messages. */
    public String redactedUrl() {
        return "postgresql://" + username + (password == null ? "" : ":***") + "@"
                + String.join(",", hosts.stream().map(HostAndPort::toString).toList()) + "/" + database
                + (targetSessionAttrs == TargetSessionAttrs.ANY ? "" : "?target_session_attrs=" + targetSessionAttrs);
    }

    @Override
    public String toString() {
        return "StorageSettings[" + redactedUrl() + ", sslMode=" + sslMode + ", applicationName=" + applicationName
                + ", maxSize=" + maxSize + ", acquireTimeout=" + acquireTimeout + ", connectTimeout="
                + connectTimeout + ", validationTimeout=" + validationTimeout + ", maxIdleTime=" + maxIdleTime
                + ", maxLifeTime=" + maxLifeTime + ", preparedStatementCacheSize=" + preparedStatementCacheSize
                + ", statementTimeout=" + statementTimeout + ", slowStatementThreshold=" + slowStatementThreshold
                + ", sessionIdleTimeout=" + sessionIdleTimeout + ", networkTimeout=" + networkTimeout
                + ", validateAfterIdle=" + validateAfterIdle + ", keepAliveIdle=" + keepAliveIdle
                + ", readOnlyTargetSessionAttrs=" + readOnlyTargetSessionAttrs + ", hostRecheckTime=" + hostRecheckTime
                + "]";
    }

    /** Field-by-field construction, starting from the defaults. */
    public static final class Builder {
        private List<HostAndPort> hosts = List.of(new HostAndPort("localhost", PostgresUrl.DEFAULT_PORT));
        private TargetSessionAttrs targetSessionAttrs = TargetSessionAttrs.ANY;
        private TargetSessionAttrs readOnlyTargetSessionAttrs = TargetSessionAttrs.PREFER_STANDBY;
        private Duration hostRecheckTime = Duration.ofSeconds(1);
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
        private Duration statementTimeout = Duration.ofSeconds(10);
        private Duration slowStatementThreshold = Duration.ofMillis(100);
        private Duration sessionIdleTimeout = Duration.ofSeconds(60);
        private Duration networkTimeout = Duration.ofSeconds(5);
        private Duration validateAfterIdle = Duration.ofSeconds(5);
        private Duration keepAliveIdle = Duration.ofSeconds(15);

        private Builder() {}

        /**
         * Takes the servers, database, user, password and the parameters {@code sslmode}, {@code application_name},
         * {@code connect_timeout} (seconds) and {@code target_session_attrs} from a {@code postgresql://} (or
         * {@code postgres://}, or pgjdbc's {@code jdbc:postgresql://}) URL, read by libpq's rules as the tools'
         * DATABASE_URL ({@link PostgresUrl}); percent-encode special characters in the password.
         */
        public Builder url(String url) {
            PostgresUrl parsed = PostgresUrl.parse(Objects.requireNonNull(url, "url"));
            for (Map.Entry<String, String> parameter : parsed.parameters().entrySet()) {
                switch (parameter.getKey()) {
                    case "sslmode" -> sslMode = parameter.getValue();
                    case "application_name" -> applicationName = parameter.getValue();
                    case "connect_timeout" -> connectTimeout = seconds(parameter.getKey(), parameter.getValue());
                    case PostgresUrl.TARGET_SESSION_ATTRS -> targetSessionAttrs = parsed.targetSessionAttrs();
                    default -> throw new IllegalArgumentException("unsupported database URL parameter '"
                            + parameter.getKey() + "'; supported: " + URL_PARAMETERS);
                }
            }
            hosts = parsed.hosts();
            database = parsed.database();
            username = parsed.user();
            password = parsed.password().orElse(null);
            return this;
        }

        private static Duration seconds(String name, String value) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " is a number of seconds, not '" + value + "'");
            }
        }

        /** One server, on the port already set (5432 unless {@link #port} said otherwise). */
        public Builder host(String value) {
            hosts = List.of(new HostAndPort(value, hosts.getFirst().port()));
            return this;
        }

        /** The port of every server, as libpq's {@code port} parameter with one value. */
        public Builder port(int value) {
            hosts = hosts.stream().map(host -> new HostAndPort(host.host(), value)).toList();
            return this;
        }

        public Builder hosts(List<HostAndPort> value) { hosts = value; return this; }
        public Builder targetSessionAttrs(TargetSessionAttrs value) { targetSessionAttrs = value; return this; }
        public Builder readOnlyTargetSessionAttrs(TargetSessionAttrs value) {
            readOnlyTargetSessionAttrs = value;
            return this;
        }
        public Builder hostRecheckTime(Duration value) { hostRecheckTime = value; return this; }
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
            return new StorageSettings(hosts, targetSessionAttrs, readOnlyTargetSessionAttrs, hostRecheckTime,
                    database, username, password, sslMode, applicationName, maxSize,
                    acquireTimeout, connectTimeout, validationTimeout, maxIdleTime, maxLifeTime,
                    preparedStatementCacheSize, statementTimeout, slowStatementThreshold, sessionIdleTimeout,
                    networkTimeout, validateAfterIdle, keepAliveIdle);
        }
    }
}
