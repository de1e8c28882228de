package io.authstore.storage.jooq;

import io.authstore.storage.RepositoryFactory;
import io.authstore.storage.RepositorySession;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The storage layer over PostgreSQL: an r2dbc-pool of r2dbc-postgresql connections, configured from one
 * {@link StorageSettings}, handing out {@link RepositorySession}s. Create one per application and close it at
 * shutdown.
 */
public final class JooqRepositoryFactory implements RepositoryFactory {

    /**
     * Repositories build their queries with this; it is attached to no connection, because {@link Statements} runs
     * them on the session's connection itself ({@link DriverQuery}). jOOQ's own execute logging is off: at DEBUG it
     * prints statements with their bound values inlined, which would put passwords and tokens into logs.
     * {@link StatementLog} logs instead.
     */
    private static final DSLContext QUERY_BUILDER = DSL.using(SQLDialect.POSTGRES, new Settings()
            .withExecuteLogging(false)
            .withRenderSchema(false)
            .withRenderFormatted(false));

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final StorageSettings settings;
    private final ConnectionPool pool;
    /** {@link #openReadOnly()}'s connections: on a standby when the URL names one, read-only in any case. */
    private final ConnectionPool readOnlyPool;
    private final StatementLog log;
    private final Set<UnitOfWork> openSessions = ConcurrentHashMap.newKeySet();
    /** Physical connections the pool must close instead of handing out again ({@link UnitOfWork#discard}). */
    private final Set<Connection> discardOnRelease;
    private final RefusedConnections refusals;
    private final Disposable sessionSweeper;
    private volatile boolean closed;

    private JooqRepositoryFactory(StorageSettings settings, ConnectionPool pool, ConnectionPool readOnlyPool,
            Set<Connection> discardOnRelease, RefusedConnections refusals) {
        this.settings = settings;
        this.pool = pool;
        this.readOnlyPool = readOnlyPool;
        this.discardOnRelease = discardOnRelease;
        this.refusals = refusals;
        this.log = new StatementLog(settings.slowStatementThreshold());
        long shortest = Math.min(settings.sessionIdleTimeout().toMillis(), settings.unansweredTimeout().toMillis());
        long period = Math.clamp(shortest / 4, 10, 1000);
        this.sessionSweeper = Schedulers.parallel().schedulePeriodically(
                this::sweepSessions, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Rolls back forgotten sessions, and closes the connections of sessions that have waited too long for an answer:
     * one periodic pass over the open sessions instead of a timer per statement.
     */
    private void sweepSessions() {
        for (UnitOfWork work : openSessions) {
            work.rollbackIfIdle(settings.sessionIdleTimeout());
            work.closeIfUnanswered(settings.unansweredTimeout());
        }
    }

    /**
     * Creates the pools (one for units of work, one for {@link #readOnly} ones); connections are opened on demand, so
     * this does not touch the database yet.
     */
    public static JooqRepositoryFactory create(StorageSettings settings) {
        DriverLogging.keepBoundValuesOut();
        // A connection marked for discarding fails its pre-release step, and the pool closes it instead of keeping it.
        Set<Connection> discardOnRelease = ConcurrentHashMap.newKeySet();
        RefusedConnections refusals = new RefusedConnections(settings.redactedUrl());
        ConnectionPool pool = new ConnectionPool(poolConfiguration(settings, ServerSelection.connection(
                settings, settings.applicationName(), settings.targetSessionAttrs()), "", discardOnRelease, refusals)
                .build());
        ConnectionPool readOnlyPool = new ConnectionPool(poolConfiguration(settings, ServerSelection.connection(
                settings, settings.applicationName(), settings.readOnlyTargetSessionAttrs()), "-read-only",
                discardOnRelease, refusals)
                // Every transaction of these connections is read-only, on a standby or not, so that a write is
                // refused alike. Set after connecting: as a start-up option it would make the driver, which tells a
                // standby by transaction_read_only, take the primary for one.
                .postAllocate(connection -> Mono.from(connection
                                .createStatement("SET default_transaction_read_only = on").execute())
                        .flatMap(result -> Mono.from(result.getRowsUpdated()))
                        .then())
                .build());
        return new JooqRepositoryFactory(settings, pool, readOnlyPool, discardOnRelease, refusals);
    }

    private static ConnectionPoolConfiguration.Builder poolConfiguration(StorageSettings settings,
            PostgresqlConnectionConfiguration.Builder connection, String nameSuffix, Set<Connection> discardOnRelease,
            RefusedConnections refusals) {
        connection.preparedStatementCacheQueries(settings.preparedStatementCacheSize());
        IdleConnectionCheck idleCheck = new IdleConnectionCheck(settings.validateAfterIdle(),
                settings.validationTimeout(), settings.maxIdleTime());
        return ConnectionPoolConfiguration
                .builder(refusals.watching(new PostgresqlConnectionFactory(connection.build())))
                .name(settings.applicationName() + nameSuffix)
                .initialSize(0)
                .maxSize(settings.maxSize())
                .maxAcquireTime(settings.acquireTimeout())
                .maxCreateConnectionTime(settings.connectTimeout())
                // no maxValidationTime: the pool's own check only asks whether the socket is open, which cannot
                // wait, and a timer for it on every acquisition cost more than the check; the round trip that can
                // wait is IdleConnectionCheck's, bounded by validationTimeout
                .maxIdleTime(settings.maxIdleTime())
                .maxLifeTime(settings.maxLifeTime())
                .preRelease(released -> {
                    if (discardOnRelease.remove(released)) {
                        return Mono.error(new IllegalStateException(
                                "discarded: cancelled, or closed after it went unanswered"));
                    }
                    idleCheck.returned(released);
                    return Mono.empty();
                })
                .postAllocate(idleCheck::check)
                .customizer(builder -> builder.allocationStrategy(refusals.limiting(settings.maxSize())));
    }

    public StorageSettings settings() {
        return settings;
    }

    @Override
    public Mono<RepositorySession> open() {
        return open(pool);
    }

    /**
     * A session whose transactions are read-only, on a standby when the URL names one (see
     * {@link StorageSettings#readOnlyTargetSessionAttrs()}): it may not yet see what was committed on the primary
     * a moment ago. A write in it fails with a {@link io.authstore.storage.DatabaseException} (SQLSTATE 25006) that
     * says so.
     */
    @Override
    public Mono<RepositorySession> openReadOnly() {
        return open(readOnlyPool);
    }

    private Mono<RepositorySession> open(ConnectionPool pool) {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.error(new IllegalStateException("this repository factory is closed"));
            }
            // A cancel must never reach the pool once it has handed a connection out: r2dbc-pool then puts that
            // connection back, while the session made of it may already be running statements, so two sessions
            // shared one connection (found by make soak: committed writes rolled back by another session). The
            // acquisition therefore runs to its end; a session nobody took any more is cancelled.
            return Detached.of(acquire(pool)
                            .onErrorMap(error -> Errors.acquireFailed(settings, status(pool), refusals.refusal(error),
                                    error))
                            .map(this::session),
                    abandoned -> abandoned.cancel().subscribe(null, error -> {}));
        });
    }

    /**
     * A connection from {@code pool}. The pool bounds an attempt by {@code acquireTimeout}; an attempt that failed in a
     * way worth retrying ({@link #retryDelay}) is retried within what is left of that bound. The retry and its bound
     * are set up only once an attempt has failed: a timer of its own (or {@code retryWhen}'s companion publisher) on
     * every acquisition cost the path every unit of work takes more than the pool's acquisition itself.
     */
    private Mono<Connection> acquire(ConnectionPool pool) {
        long deadline = System.nanoTime() + settings.acquireTimeout().toNanos();
        return pool.create().onErrorResume(failure -> retry(pool, failure, 0)
                .timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
    }

    private Mono<Connection> retry(ConnectionPool pool, Throwable failure, long failedAttempts) {
        return retryDelay(failure, failedAttempts).then(Mono.defer(() -> pool.create()
                .onErrorResume(next -> retry(pool, next, failedAttempts + 1))));
    }

    /**
     * Acquiring again: at once when the pool dropped an idle connection that no longer answered, after a backoff when
     * PostgreSQL refused a new connection (the caller then mostly waits in the pool for a returned one).
     */
    private Mono<Long> retryDelay(Throwable failure, long attempt) {
        if (IdleConnectionCheck.isStale(failure)) {
            return Mono.just(attempt);
        }
        if (RefusedConnections.isRefusal(failure)) {
            Duration backoff = refusals.callerBackoff(attempt);
            return backoff.isZero() ? Mono.just(attempt) : Mono.delay(backoff);
        }
        return Mono.error(failure);
    }

    /**
     * A session on a pooled connection (its transaction begins with its first write: {@link UnitOfWork}). From the
     * moment the connection is ours, a {@link UnitOfWork} owns it, so every way out (a cancel, a close() meanwhile)
     * ends it through that one place.
     */
    private RepositorySession session(Connection connection) {
        UnitOfWork[] holder = new UnitOfWork[1];
        UnitOfWork work = new UnitOfWork(connection, discardOnRelease::add, () -> openSessions.remove(holder[0]));
        holder[0] = work;
        openSessions.add(work);
        if (closed) {
            work.rollbackInBackground("the repository factory was closed while opening a session");
            throw new IllegalStateException("this repository factory was closed while opening a session");
        }
        return new JooqRepositorySession(QUERY_BUILDER, work, log);
    }

    /** Connections in use, idle and waited for, now. */
    public PoolStatus poolStatus() {
        return status(pool);
    }

    private PoolStatus status(ConnectionPool pool) {
        return pool.getMetrics()
                .map(metrics -> new PoolStatus(metrics.acquiredSize(), metrics.idleSize(),
                        metrics.pendingAcquireSize(), metrics.getMaxAllocatedSize()))
                .orElse(new PoolStatus(0, 0, 0, settings.maxSize()));
    }

    /**
     * Rolls back the sessions still open, closes every connection and the pool. Blocks (rollbacks are given up to
     * 10 s, then the pool is disposed), so call it from the thread that shuts the application down, not from a
     * reactive pipeline. Safe to call twice.
     */
    @Override
    public void close() {
        closed = true;
        sessionSweeper.dispose();
        try {
            Flux.fromIterable(Set.copyOf(openSessions))
                    .flatMap(work -> work.rollback("the repository factory was closed")
                            .timeout(CLOSE_TIMEOUT)
                            .onErrorResume(error -> Mono.empty()))
                    .then()
                    .block(CLOSE_TIMEOUT.multipliedBy(2));
        } finally {
            // A connection whose network is gone fails to close cleanly (or would wait): the pools are disposed anyway,
            // and PostgreSQL ends such a session itself (keepalive).
            Flux.merge(pool.disposeLater(), readOnlyPool.disposeLater())
                    .then()
                    .timeout(CLOSE_TIMEOUT)
                    .onErrorResume(error -> Mono.empty())
                    .block();
        }
    }
}
