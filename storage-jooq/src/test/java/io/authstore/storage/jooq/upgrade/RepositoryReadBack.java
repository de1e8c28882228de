package io.authstore.storage.jooq.upgrade;

import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.tools.embedded.EphemeralPostgres;
import io.authstore.tools.lint.UpgradeWithData;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import org.postgresql.util.PGobject;
import reactor.core.publisher.Mono;

/**
 * Reads the rows of {@code schema/upgrade-rows} in each table that a repository looks up by id through that
 * repository, on a database the upgrade test migrated, and compares the domain value with the row: each record
 * component named like a column (its primary key for {@code id}) must hold what the column holds. Components of other
 * types (lists, JSON, bytes) and the columns no component names are the SQL comparison's part, and so are the rows the
 * seeder generated (ids from {@code gen_random_uuid()}, version 4; their placeholders, such as {@code 'lint'} for
 * every text, are no value the domain accepts), whereas the rows files' ids are ULIDs.
 */
final class RepositoryReadBack {

    /** The tables with a {@code lookup(Ulid)}, and it. */
    static final Map<String, BiFunction<RepositorySession, Ulid, Mono<?>>> LOOKUPS = new TreeMap<>(Map.ofEntries(
            Map.entry("users", (session, id) -> session.user().lookup(id)),
            Map.entry("user_emails", (session, id) -> session.userEmail().lookup(id)),
            Map.entry("user_registrations", (session, id) -> session.userRegistration().lookup(id)),
            Map.entry("user_registration_tokens", (session, id) -> session.userRegistrationToken().lookup(id)),
            Map.entry("user_sessions", (session, id) -> session.browserSession().lookup(id)),
            Map.entry("compat_sessions", (session, id) -> session.compatSession().lookup(id)),
            Map.entry("compat_sso_logins", (session, id) -> session.compatSsoLogin().lookup(id)),
            Map.entry("compat_access_tokens", (session, id) -> session.compatAccessToken().lookup(id)),
            Map.entry("compat_refresh_tokens", (session, id) -> session.compatRefreshToken().lookup(id)),
            Map.entry("personal_sessions", (session, id) -> session.personalSession().lookup(id)),
            Map.entry("personal_access_tokens", (session, id) -> session.personalAccessToken().lookup(id)),
            Map.entry("oauth2_clients", (session, id) -> session.oauth2Client().lookup(id)),
            Map.entry("oauth2_authorization_grants", (session, id) -> session.oauth2AuthorizationGrant().lookup(id)),
            Map.entry("oauth2_device_code_grant", (session, id) -> session.oauth2DeviceCodeGrant().lookup(id)),
            Map.entry("oauth2_sessions", (session, id) -> session.oauth2Session().lookup(id)),
            Map.entry("oauth2_access_tokens", (session, id) -> session.oauth2AccessToken().lookup(id)),
            Map.entry("oauth2_refresh_tokens", (session, id) -> session.oauth2RefreshToken().lookup(id)),
            Map.entry("upstream_oauth_providers", (session, id) -> session.upstreamOAuthProvider().lookup(id)),
            Map.entry("upstream_oauth_links", (session, id) -> session.upstreamOAuthLink().lookup(id)),
            Map.entry("upstream_oauth_authorization_sessions",
                    (session, id) -> session.upstreamOAuthSession().lookup(id)),
            Map.entry("queue_jobs", (session, id) -> session.queueJob().lookup(id))));

    /** A value this comparison leaves to the SQL one. */
    private static final String NOT_COMPARED = "\0";

    private RepositoryReadBack() {}

    /** A check that records, by version, the tables whose rows it read back. */
    static UpgradeWithData.ReadBack recordingInto(Map<String, Set<String>> tablesRead) {
        return (version, database) -> check(version, database,
                tablesRead.computeIfAbsent(version, read -> ConcurrentHashMap.newKeySet()));
    }

    /** What differs, one message per row and component. */
    private static List<String> check(String version, String database, Set<String> tablesRead) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (TestStorage storage = TestStorage.on(database);
                Connection jdbc = EphemeralPostgres.shared().connect(database)) {
            for (Map.Entry<String, BiFunction<RepositorySession, Ulid, Mono<?>>> lookup : LOOKUPS.entrySet()) {
                String table = lookup.getKey();
                String key = primaryKey(jdbc, table);
                for (Map<String, Object> row : rows(jdbc, table)) {
                    UUID uuid = (UUID) row.get(key);
                    if (uuid.version() == 4) {
                        continue;
                    }
                    tablesRead.add(table);
                    Ulid id = Ulid.fromUuid(uuid);
                    Object value;
                    try {
                        value = storage.read(session -> lookup.getValue().apply(session, id).map(Optional::of)
                                .defaultIfEmpty(Optional.empty())).orElse(null);
                    } catch (RuntimeException e) {
                        problems.add("from version " + version + ", " + table + " " + id + " cannot be read through"
                                + " its repository after migrate: " + e.getMessage());
                        continue;
                    }
                    if (value == null) {
                        problems.add("from version " + version + ", " + table + " " + id + " is not found through its"
                                + " repository after migrate");
                        continue;
                    }
                    problems.addAll(compare(version, table, id, key, row, value));
                }
            }
        }
        return problems;
    }

    private static List<String> compare(String version, String table, Ulid id, String key, Map<String, Object> row,
            Object value) {
        List<String> problems = new ArrayList<>();
        RecordComponent[] components = value.getClass().getRecordComponents();
        if (components == null) {
            return List.of("from version " + version + ", " + table + " reads back as a "
                    + value.getClass().getSimpleName() + ", which is not a record: compare it field by field here");
        }
        int compared = 0;
        for (RecordComponent component : components) {
            String column = component.getName().equals("id") ? key : snakeCase(component.getName());
            if (!row.containsKey(column)) {
                continue;
            }
            String held = normal(row.get(column));
            String read;
            try {
                read = normal(component.getAccessor().invoke(value));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (held.equals(NOT_COMPARED) || read.equals(NOT_COMPARED)) {
                continue;
            }
            compared++;
            if (!held.equals(read)) {
                problems.add("from version " + version + ", " + table + " " + id + " reads back through its"
                        + " repository with " + component.getName() + " = " + read + " where " + column + " holds "
                        + held);
            }
        }
        if (compared < 2) {
            problems.add("from version " + version + ", " + table + " reads back as " + value.getClass().getSimpleName()
                    + ", of which fewer than two components match a column: nothing to compare");
        }
        return problems;
    }

    /** One text for the same value on either side: a column's (JDBC) and a record component's (domain). */
    private static String normal(Object value) {
        return switch (value) {
            case null -> "NULL";
            case Optional<?> optional -> normal(optional.orElse(null));
            case Ulid ulid -> ulid.toUuid().toString();
            case UUID uuid -> uuid.toString();
            case Instant instant -> instant.toString();
            case Timestamp timestamp -> timestamp.toInstant().toString();
            case OffsetDateTime time -> time.toInstant().toString();
            case Enum<?> constant -> databaseValue(constant);
            case InetAddress address -> address.getHostAddress();
            case PGobject object when Objects.equals(object.getType(), "inet") -> normalInet(object.getValue());
            case String text -> text;
            case Boolean bool -> bool.toString();
            case Integer number -> number.toString();
            case Long number -> number.toString();
            case Short number -> number.toString();
            default -> NOT_COMPARED;
        };
    }

    /** The text a column holds for {@code constant}: its {@code value()} where it has one, else its name. */
    private static String databaseValue(Enum<?> constant) {
        try {
            return String.valueOf(constant.getClass().getMethod("value").invoke(constant));
        } catch (ReflectiveOperationException e) {
            return constant.name().toLowerCase(Locale.ROOT);
        }
    }

    private static String normalInet(String text) {
        try {
            return text == null ? "NULL" : InetAddress.getByName(text.replaceAll("/\\d+$", "")).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return text;
        }
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static String primaryKey(Connection jdbc, String table) throws SQLException {
        try (Statement statement = jdbc.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                        + " AND a.attnum = ANY (i.indkey) WHERE i.indrelid = '" + table + "'::regclass"
                        + " AND i.indisprimary")) {
            if (!rows.next()) {
                throw new IllegalStateException(table + " has no primary key");
            }
            return rows.getString(1);
        }
    }

    private static List<Map<String, Object>> rows(Connection jdbc, String table) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = jdbc.createStatement();
                ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData columns = result.getMetaData();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnName(i), result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
