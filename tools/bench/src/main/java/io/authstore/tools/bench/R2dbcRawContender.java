package io.authstore.tools.bench;

import io.authstore.storage.jooq.StorageSettings;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a hand-written reactive service would do without authstore and without jOOQ: r2dbc-postgresql and r2dbc-pool
 * configured as authstore configures them, the SQL authstore sends written out as text with {@code $n} binds, and
 * rows read column by column into plain records. The difference between this contender and authstore is what
 * authstore itself costs; the difference between this one and pgbench is what the driver and the pool cost.
 */
final class R2dbcRawContender implements Contender {

    private static final String USER_COLUMNS = PgbenchScripts.USER_COLUMNS;
    private static final String SESSION_COLUMNS = PgbenchScripts.SESSION_COLUMNS;
    private static final String LOOKUP = "select " + USER_COLUMNS + " from \"users\" where \"users\".\"user_id\" = $1";
    private static final String FIND_BY_USERNAME = "select " + USER_COLUMNS + " from \"users\""
            + " where (lower(\"users\".\"username\") = lower($1) and (\"users\".\"username\" = $2 or not exists"
            + " (select 1 as \"one\" from \"users\" as \"other\" where (lower(\"other\".\"username\") = lower($3)"
            + " and \"other\".\"user_id\" <> \"users\".\"user_id\"))))";
    private static final String ADD_SESSION = "insert into \"user_sessions\" (\"user_session_id\", \"user_id\","
            + " \"created_at\", \"user_agent\") values ($1, $2, $3, $4) returning " + SESSION_COLUMNS;
    private static final String LIST_SESSIONS = "select " + SESSION_COLUMNS + ", " + USER_COLUMNS
            + " from \"user_sessions\" join \"users\" on \"users\".\"user_id\" = \"user_sessions\".\"user_id\""
            + " where (\"user_sessions\".\"finished_at\" is null and \"user_sessions\".\"user_session_id\" > $1)"
            + " order by \"user_sessions\".\"user_session_id\" asc fetch next $2 rows only";
    private static final String BATCH_ACTIVITY = "with \"locked\"(\"id\") as materialized"
            + " (select \"user_sessions\".\"user_session_id\" from \"user_sessions\""
            + " where \"user_sessions\".\"user_session_id\" = any ($1) order by \"user_sessions\".\"user_session_id\""
            + " for no key update)"
            + " update \"user_sessions\" set \"last_active_at\" = greatest(\"user_sessions\".\"last_active_at\","
            + " \"batch_time\".\"at\"), \"last_active_ip\" = coalesce(cast(\"batch_address\".\"ip\" as inet),"
            + " \"user_sessions\".\"last_active_ip\")"
            + " from unnest($2) with ordinality as \"batch\" (\"id\", \"n\")"
            + " join unnest($3) with ordinality as \"batch_time\" (\"at\", \"n\") on \"batch_time\".\"n\" = \"batch\".\"n\""
            + " join unnest($4) with ordinality as \"batch_address\" (\"ip\", \"n\")"
            + " on \"batch_address\".\"n\" = \"batch\".\"n\""
            + " where (\"user_sessions\".\"user_session_id\" = \"batch\".\"id\""
            + " and \"user_sessions\".\"user_session_id\" in (select \"locked\".\"id\" from \"locked\"))";
    private static final String ACCESS_TOKEN = "select \"oauth2_access_tokens\".\"oauth2_access_token_id\","
            + " \"oauth2_access_tokens\".\"oauth2_session_id\", \"oauth2_access_tokens\".\"access_token\","
            + " \"oauth2_access_tokens\".\"created_at\", \"oauth2_access_tokens\".\"expires_at\","
            + " \"oauth2_access_tokens\".\"revoked_at\", \"oauth2_access_tokens\".\"first_used_at\""
            + " from \"oauth2_access_tokens\" where \"oauth2_access_tokens\".\"access_token\" = $1";
    private static final String OAUTH2_SESSION = "select \"oauth2_sessions\".\"oauth2_session_id\","
            + " \"oauth2_sessions\".\"oauth2_client_id\", \"oauth2_sessions\".\"user_id\","
            + " \"oauth2_sessions\".\"user_session_id\", \"oauth2_sessions\".\"scope_list\","
            + " \"oauth2_sessions\".\"created_at\", \"oauth2_sessions\".\"finished_at\","
            + " \"oauth2_sessions\".\"user_agent\", \"oauth2_sessions\".\"human_name\","
            + " \"oauth2_sessions\".\"last_active_at\", \"oauth2_sessions\".\"last_active_ip\""
            + " from \"oauth2_sessions\" where \"oauth2_sessions\".\"oauth2_session_id\" = $1";

    record UserRow(UUID id, String username, OffsetDateTime createdAt, OffsetDateTime lockedAt,
            OffsetDateTime deactivatedAt, boolean canRequestAdmin, boolean guest) {}

    record SessionRow(UUID id, UUID userId, OffsetDateTime createdAt, OffsetDateTime finishedAt, String userAgent,
            OffsetDateTime lastActiveAt, InetAddress lastActiveIp) {}

    record AccessTokenRow(UUID id, UUID sessionId, String token, OffsetDateTime createdAt, OffsetDateTime expiresAt,
            OffsetDateTime revokedAt, OffsetDateTime firstUsedAt) {}

    record OAuth2SessionRow(UUID id, UUID clientId, UUID userId, UUID userSessionId, String[] scope,
            OffsetDateTime createdAt, OffsetDateTime finishedAt, String userAgent, String humanName,
            OffsetDateTime lastActiveAt, InetAddress lastActiveIp) {}

    private final ConnectionPool pool;
    private final Seed seed;

    R2dbcRawContender(StorageSettings settings, Seed seed) {
        PostgresqlConnectionConfiguration.Builder connection = PostgresqlConnectionConfiguration.builder()
                .host(settings.host())
                .port(settings.port())
                .database(settings.database())
                .username(settings.username())
                .applicationName(settings.applicationName() + "-raw")
                .sslMode(SSLMode.fromValue(settings.sslMode()))
                .connectTimeout(settings.connectTimeout())
                .statementTimeout(settings.statementTimeout())
                .preparedStatementCacheQueries(settings.preparedStatementCacheSize());
        if (settings.password() != null) {
            connection.password(settings.password());
        }
        this.pool = new ConnectionPool(ConnectionPoolConfiguration
                .builder(new PostgresqlConnectionFactory(connection.build()))
                .initialSize(0)
                .maxSize(settings.maxSize())
                .maxAcquireTime(settings.acquireTimeout())
                .maxCreateConnectionTime(settings.connectTimeout())
                .build());
        this.seed = seed;
    }

    @Override
    public String name() {
        return Report.R2DBC_RAW;
    }

    @Override
    public Measurement run(Workload workload, int clients, int round, Timing timing) throws InterruptedException {
        return ReactiveClients.run(name(), workload, clients, round, timing, operation(workload));
    }

    private Function<SplittableRandom, Mono<?>> operation(Workload workload) {
        return switch (workload) {
            case LOOKUP -> random -> withConnection(connection ->
                    user(connection, Keys.uuid(Keys.USERS, seed.randomUser(random))));
            case FIND_BY_USERNAME -> random -> withConnection(connection -> {
                String username = Keys.usernameAsTyped(seed.randomUser(random));
                return Flux.from(connection.createStatement(FIND_BY_USERNAME)
                                .bind(0, username).bind(1, username).bind(2, username)
                                .execute())
                        .flatMap(result -> result.map((Readable row) -> userRow(row, 0)))
                        .next();
            });
            case ADD_BROWSER_SESSION -> random -> inTransaction(connection -> Flux.from(connection
                            .createStatement(ADD_SESSION)
                            .bind(0, UUID.randomUUID())
                            .bind(1, Keys.uuid(Keys.USERS, seed.randomUser(random)))
                            .bind(2, OffsetDateTime.now(ZoneOffset.UTC))
                            .bind(3, AuthstoreContender.USER_AGENT)
                            .execute())
                    .flatMap(result -> result.map((Readable row) -> sessionRow(row, 0)))
                    .next());
            case LIST_BROWSER_SESSIONS -> random -> withConnection(connection -> Flux.from(connection
                            .createStatement(LIST_SESSIONS)
                            .bind(0, Keys.uuid(Keys.SESSIONS, seed.randomSession(random)))
                            .bind(1, 51)
                            .execute())
                    .flatMap(result -> result.map((Readable row) -> List.of(sessionRow(row, 0), userRow(row, 7))))
                    .collectList()
                    .filter(rows -> !rows.isEmpty()));
            case RECORD_BATCH_ACTIVITY -> random -> inTransaction(connection -> {
                long first = seed.randomBatchStart(random);
                UUID[] ids = new UUID[Seed.BATCH];
                OffsetDateTime[] times = new OffsetDateTime[Seed.BATCH];
                String[] addresses = new String[Seed.BATCH];
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                for (int i = 0; i < Seed.BATCH; i++) {
                    ids[i] = Keys.uuid(Keys.SESSIONS, first + i);
                    times[i] = now;
                    addresses[i] = Keys.address(first + i).getHostAddress();
                }
                return Flux.from(connection.createStatement(BATCH_ACTIVITY)
                                .bind(0, ids).bind(1, ids).bind(2, times).bind(3, addresses)
                                .execute())
                        .flatMap(result -> Mono.from(result.getRowsUpdated()))
                        .reduce(0L, Long::sum);
            });
            case INTROSPECT -> random -> withConnection(connection -> Flux.from(connection
                            .createStatement(ACCESS_TOKEN)
                            .bind(0, Keys.accessToken(seed.randomOAuth2Session(random)))
                            .execute())
                    .flatMap(result -> result.map((Readable row) -> accessTokenRow(row)))
                    .next()
                    .flatMap(token -> Flux.from(connection.createStatement(OAUTH2_SESSION)
                                    .bind(0, token.sessionId())
                                    .execute())
                            .flatMap(result -> result.map((Readable row) -> oauth2SessionRow(row)))
                            .next())
                    .flatMap(session -> user(connection, session.userId())));
        };
    }

    private static Mono<UserRow> user(Connection connection, UUID id) {
        return Flux.from(connection.createStatement(LOOKUP).bind(0, id).execute())
                .flatMap(result -> result.map((Readable row) -> userRow(row, 0)))
                .next();
    }

    /** One connection from the pool for {@code work}, back to the pool afterwards; an empty result is an error. */
    private <T> Mono<T> withConnection(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(pool.create(), work, Connection::close)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no row where the seed put one")));
    }

    private <T> Mono<T> inTransaction(Function<Connection, Mono<T>> work) {
        return withConnection(connection -> Mono.from(connection.beginTransaction())
                .then(work.apply(connection))
                .flatMap(result -> Mono.from(connection.commitTransaction()).thenReturn(result))
                .onErrorResume(error -> Mono.from(connection.rollbackTransaction()).then(Mono.error(error))));
    }

    private static UserRow userRow(Readable row, int first) {
        return new UserRow(row.get(first, UUID.class), row.get(first + 1, String.class),
                row.get(first + 2, OffsetDateTime.class), row.get(first + 3, OffsetDateTime.class),
                row.get(first + 4, OffsetDateTime.class), row.get(first + 5, Boolean.class),
                row.get(first + 6, Boolean.class));
    }

    private static SessionRow sessionRow(Readable row, int first) {
        return new SessionRow(row.get(first, UUID.class), row.get(first + 1, UUID.class),
                row.get(first + 2, OffsetDateTime.class), row.get(first + 3, OffsetDateTime.class),
                row.get(first + 4, String.class), row.get(first + 5, OffsetDateTime.class),
                row.get(first + 6, InetAddress.class));
    }

    private static AccessTokenRow accessTokenRow(Readable row) {
        return new AccessTokenRow(row.get(0, UUID.class), row.get(1, UUID.class), row.get(2, String.class),
                row.get(3, OffsetDateTime.class), row.get(4, OffsetDateTime.class), row.get(5, OffsetDateTime.class),
                row.get(6, OffsetDateTime.class));
    }

    private static OAuth2SessionRow oauth2SessionRow(Readable row) {
        return new OAuth2SessionRow(row.get(0, UUID.class), row.get(1, UUID.class), row.get(2, UUID.class),
                row.get(3, UUID.class), row.get(4, String[].class), row.get(5, OffsetDateTime.class),
                row.get(6, OffsetDateTime.class), row.get(7, String.class), row.get(8, String.class),
                row.get(9, OffsetDateTime.class), row.get(10, InetAddress.class));
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
