package io.authstore.tools.bench;

import static io.authstore.snapshot.Tables.OAUTH2_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;
import static io.authstore.snapshot.Tables.USERS;
import static io.authstore.snapshot.Tables.USER_SESSIONS;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.authstore.tools.database.DatabaseUrl;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.postgres.extensions.types.Inet;

/**
 * The baseline a Java service would otherwise write: jOOQ over pgjdbc and HikariCP, blocking, one thread per client
 * (platform threads, or virtual threads), on the same generated tables, with the same statements where jOOQ makes
 * that the natural way (a batch of single-row UPDATEs for the activity batch, as most services would write it).
 */
final class JdbcContender implements Contender {

    private final String name;
    private final ThreadFactory threads;
    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final Seed seed;

    private JdbcContender(String name, ThreadFactory threads, DatabaseUrl url, int poolSize, Seed seed) {
        this.name = name;
        this.threads = threads;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setDataSourceProperties(url.jdbcProperties());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName(name);
        this.dataSource = new HikariDataSource(config);
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
        this.seed = seed;
    }

    static JdbcContender platformThreads(DatabaseUrl url, int poolSize, Seed seed) {
        return new JdbcContender(Report.JDBC, Thread.ofPlatform().daemon().factory(), url, poolSize, seed);
    }

    static JdbcContender virtualThreads(DatabaseUrl url, int poolSize, Seed seed) {
        return new JdbcContender(Report.JDBC_VIRTUAL, Thread.ofVirtual().factory(), url, poolSize, seed);
    }

    @Override
    public String name() {
        return name;
    }

    interface Operation {
        void run(SplittableRandom random);
    }

    @Override
    public Measurement run(Workload workload, int clients, int round, Timing timing) throws InterruptedException {
        Window window = new Window(timing, clients);
        Operation operation = operation(workload);
        CountDownLatch finished = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads.newThread(() -> {
                SplittableRandom random = new SplittableRandom(client * 7919L);
                while (window.open()) {
                    long start = System.nanoTime();
                    try {
                        operation.run(random);
                        window.completed(client, start);
                    } catch (RuntimeException e) {
                        window.failed(e);
                    }
                }
                finished.countDown();
            }).start();
        }
        return window.measure(name, workload, round, () -> {
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private Operation operation(Workload workload) {
        return switch (workload) {
            case LOOKUP -> random -> found(dsl.selectFrom(USERS)
                    .where(USERS.USER_ID.eq(Keys.uuid(Keys.USERS, seed.randomUser(random))))
                    .fetchOne());
            case FIND_BY_USERNAME -> random -> {
                String username = Keys.usernameAsTyped(seed.randomUser(random));
                // The exact spelling, or the only case-insensitive match (MAS's rule, as authstore's lookup).
                var other = USERS.as("other");
                found(dsl.selectFrom(USERS)
                        .where(DSL.lower(USERS.USERNAME).eq(DSL.lower(DSL.val(username))))
                        .and(USERS.USERNAME.eq(username).orNotExists(DSL.selectOne()
                                .from(other)
                                .where(DSL.lower(other.USERNAME).eq(DSL.lower(DSL.val(username))))
                                .and(other.USER_ID.ne(USERS.USER_ID))))
                        .fetchOne());
            };
            case ADD_BROWSER_SESSION -> random -> {
                long user = seed.randomUser(random);
                found(dsl.transactionResult(transaction -> transaction.dsl().insertInto(USER_SESSIONS)
                        .set(USER_SESSIONS.USER_SESSION_ID, UUID.randomUUID())
                        .set(USER_SESSIONS.USER_ID, Keys.uuid(Keys.USERS, user))
                        .set(USER_SESSIONS.CREATED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                        .set(USER_SESSIONS.USER_AGENT, AuthstoreContender.USER_AGENT)
                        .returning()
                        .fetchOne()));
            };
            case LIST_BROWSER_SESSIONS -> random -> {
                var rows = dsl.select(USER_SESSIONS, USERS)
                        .from(USER_SESSIONS)
                        .join(USERS).on(USERS.USER_ID.eq(USER_SESSIONS.USER_ID))
                        .where(USER_SESSIONS.FINISHED_AT.isNull())
                        .and(USER_SESSIONS.USER_SESSION_ID.gt(Keys.uuid(Keys.SESSIONS, seed.randomSession(random))))
                        .orderBy(USER_SESSIONS.USER_SESSION_ID)
                        .limit(51)
                        .fetch();
                found(rows.isEmpty() ? null : rows);
            };
            case RECORD_BATCH_ACTIVITY -> random -> {
                long first = seed.randomBatchStart(random);
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                dsl.transaction(transaction -> {
                    DSLContext tx = transaction.dsl();
                    List<Query> updates = new ArrayList<>(Seed.BATCH);
                    for (long n = first; n < first + Seed.BATCH; n++) {
                        updates.add(tx.update(USER_SESSIONS)
                                .set(USER_SESSIONS.LAST_ACTIVE_AT,
                                        DSL.greatest(USER_SESSIONS.LAST_ACTIVE_AT, DSL.val(now)))
                                .set(USER_SESSIONS.LAST_ACTIVE_IP, Inet.valueOf(Keys.address(n)))
                                .where(USER_SESSIONS.USER_SESSION_ID.eq(Keys.uuid(Keys.SESSIONS, n))));
                    }
                    tx.batch(updates).execute();
                });
            };
            case INTROSPECT -> random -> found(dsl.connectionResult(connection -> {
                // One connection for the three reads, as authstore's unit of work has.
                DSLContext on = DSL.using(connection, SQLDialect.POSTGRES, dsl.settings());
                var token = found(on.selectFrom(OAUTH2_ACCESS_TOKENS)
                        .where(OAUTH2_ACCESS_TOKENS.ACCESS_TOKEN.eq(Keys.accessToken(seed.randomOAuth2Session(random))))
                        .fetchOne());
                var session = found(on.selectFrom(OAUTH2_SESSIONS)
                        .where(OAUTH2_SESSIONS.OAUTH2_SESSION_ID.eq(token.getOauth2SessionId()))
                        .fetchOne());
                return on.selectFrom(USERS).where(USERS.USER_ID.eq(session.getUserId())).fetchOne();
            }));
        };
    }

    private static <T> T found(T row) {
        if (row == null) {
            throw new IllegalStateException("no row where the seed put one");
        }
        return row;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
