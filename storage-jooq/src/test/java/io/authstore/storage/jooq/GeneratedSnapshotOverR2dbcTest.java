package io.authstore.storage.jooq;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static io.authstore.snapshot.Tables.USERS;
import static io.authstore.snapshot.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.snapshot.enums.QueueJobStatus;
import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.Migrations;
import io.authstore.tools.embedded.EphemeralPostgres;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultDataType;
import org.jooq.impl.SQLDataType;
import org.jooq.postgres.extensions.bindings.CitextBinding;
import org.jooq.postgres.extensions.types.Inet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The generated snapshot against the real schema over an R2DBC pool: the classes compile against the migrations,
 * and the mapped types (uuid, timestamptz, inet, jsonb, the queue_job_status enum) travel through the reactive
 * driver intact.
 */
class GeneratedSnapshotOverR2dbcTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 27, 10, 0, 0, 0, ZoneOffset.UTC);

    private static ConnectionPool pool;
    private static DSLContext database;

    @BeforeAll
    static void migrateAFreshDatabase() {
        EphemeralPostgres server = EphemeralPostgres.shared();
        String name = server.createDatabase();
        Migrations.fromClasspath(DatabaseUrl.parse(server.uri(name))).migrate();
        PostgresqlConnectionFactory connections = new PostgresqlConnectionFactory(
                PostgresqlConnectionConfiguration.builder()
                        .host("localhost")
                        .port(server.port())
                        .database(name)
                        .username(EphemeralPostgres.SUPERUSER)
                        .build());
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
                .maxSize(4)
                .maxAcquireTime(TIMEOUT)
                .build());
        database = DSL.using(pool, SQLDialect.POSTGRES);
    }

    @AfterAll
    static void closePool() {
        pool.dispose();
    }

    @Test
    void insertsAndReadsAUserWithReturningResultInTheRightFields() {
        UUID id = UUID.fromString("019ab3c0-0000-7000-8000-000000000001");

        // returningResult, not returning(A, B): over R2DBC jOOQ 3.21.9 fills a column subset by position.
        Record3<String, UUID, OffsetDateTime> inserted = Mono.from(database.insertInto(USERS)
                        .set(USERS.USER_ID, id)
                        .set(USERS.USERNAME, "Alice")
                        .set(USERS.CREATED_AT, NOW)
                        .returningResult(USERS.USERNAME, USERS.USER_ID, USERS.CREATED_AT))
                .block(TIMEOUT);

        assertThat(inserted.value1()).isEqualTo("Alice");
        assertThat(inserted.value2()).isEqualTo(id);
        assertThat(inserted.value3()).isEqualTo(NOW);

        var read = Mono.from(database.selectFrom(USERS).where(USERS.USER_ID.eq(id))).block(TIMEOUT);
        assertThat(read.getUsername()).isEqualTo("Alice");
        assertThat(read.getCanRequestAdmin()).as("column default").isFalse();
        assertThat(read.getLockedAt()).isNull();
    }

    @Test
    void usernameLookupIsCaseInsensitiveThroughTheLowerIndexAndUniqueIsCaseSensitive() {
        for (String username : new String[] {"Bob", "bob"}) {
            Mono.from(database.insertInto(USERS)
                            .set(USERS.USER_ID, UUID.randomUUID())
                            .set(USERS.USERNAME, username)
                            .set(USERS.CREATED_AT, NOW))
                    .block(TIMEOUT);
        }

        var matches = Flux.from(database.select(USERS.USERNAME).from(USERS)
                        .where(DSL.lower(USERS.USERNAME).eq(DSL.lower(DSL.val("BOB"))))
                        .orderBy(USERS.USERNAME))
                .map(row -> row.value1())
                .collectList()
                .block(TIMEOUT);

        assertThat(matches).containsExactly("Bob", "bob");
    }

    @Test
    void inetJsonbAndEnumColumnsRoundTripOverR2dbc() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        Mono.from(database.insertInto(USERS)
                .set(USERS.USER_ID, user).set(USERS.USERNAME, "carol").set(USERS.CREATED_AT, NOW)).block(TIMEOUT);

        Inet address = Mono.from(database.insertInto(USER_SESSIONS)
                        .set(USER_SESSIONS.USER_SESSION_ID, session)
                        .set(USER_SESSIONS.USER_ID, user)
                        .set(USER_SESSIONS.CREATED_AT, NOW)
                        .set(USER_SESSIONS.LAST_ACTIVE_IP, Inet.valueOf(InetAddress.ofLiteral("2001:db8::1")))
                        .returningResult(USER_SESSIONS.LAST_ACTIVE_IP))
                .map(row -> row.value1())
                .block(TIMEOUT);
        assertThat(address).isEqualTo(Inet.valueOf(InetAddress.ofLiteral("2001:db8::1")));

        var job = Mono.from(database.insertInto(QUEUE_JOBS)
                        .set(QUEUE_JOBS.QUEUE_JOB_ID, UUID.randomUUID())
                        .set(QUEUE_JOBS.QUEUE_NAME, "send-email")
                        .set(QUEUE_JOBS.PAYLOAD, JSONB.valueOf("{\"user_id\": \"" + user + "\"}"))
                        .set(QUEUE_JOBS.CREATED_AT, NOW)
                        .returningResult(QUEUE_JOBS.STATUS, QUEUE_JOBS.PAYLOAD))
                .block(TIMEOUT);
        assertThat(job.value1()).as("the column default").isEqualTo(QueueJobStatus.available);
        assertThat(job.value2().data()).contains(user.toString());

        Long available = Mono.from(database.selectCount().from(QUEUE_JOBS)
                        .where(QUEUE_JOBS.STATUS.eq(QueueJobStatus.available)))
                .map(row -> row.value1().longValue())
                .block(TIMEOUT);
        assertThat(available).isEqualTo(1L);
    }

    /**
     * No MAS table has a citext column, but the generator maps one to String with jooq-postgres-extensions'
     * CitextBinding (see SnapshotGenerationTest). This pins why that matters over R2DBC, on a table of this test's own:
     * through the binding the comparison is case-insensitive; with the column forced to VARCHAR the bind goes as
     * varchar, PostgreSQL compares as text, and the same lookup silently misses.
     */
    @Test
    void citextComparesCaseInsensitivelyOnlyThroughItsBinding() {
        Mono.from(database.query("create extension if not exists citext")).block(TIMEOUT);
        Mono.from(database.query("create table citext_probe (value citext not null)")).block(TIMEOUT);
        DataType<String> citext = DefaultDataType.getDefaultDataType("citext").asConvertedDataType(new CitextBinding());
        Table<?> probe = DSL.table(DSL.name("citext_probe"));
        Field<String> value = DSL.field(DSL.name("value"), citext);
        Mono.from(database.insertInto(probe).set(value, "Alice@Example.org")).block(TIMEOUT);

        Long throughBinding = Mono.from(database.selectCount().from(probe).where(value.eq("alice@example.ORG")))
                .map(row -> row.value1().longValue())
                .block(TIMEOUT);
        Field<String> forcedToVarchar = DSL.field(DSL.name("value"), SQLDataType.VARCHAR);
        Long asVarchar = Mono.from(database.selectCount().from(probe).where(forcedToVarchar.eq("alice@example.ORG")))
                .map(row -> row.value1().longValue())
                .block(TIMEOUT);

        assertThat(throughBinding).isEqualTo(1L);
        assertThat(asVarchar).as("the trap: a varchar bind compares case-sensitively").isZero();
    }
}
