package io.authstore.storage.jooq;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import io.authstore.storage.DatabaseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The transaction of one repository session and the pooled connection holding it: when it begins, how it ends
 * (commit or rollback, then the connection back to the pool), that it ends exactly once, and when it last ran a
 * statement, so that a forgotten session can be rolled back.
 *
 * <p>The transaction begins with the session's first write or locking read, not when the session opens. Sessions run
 * at PostgreSQL's READ COMMITTED, where every statement sees the data committed before it started, inside a
 * transaction or not: so a plain read before the first write sees exactly what it would have seen inside the
 * transaction, and a session that only reads costs no BEGIN and no COMMIT round trip.
 */
final class UnitOfWork {

    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);
    /** How long a session ended mid-statement waits for the statement before cancelling it. */
    static final long STATEMENT_GRACE_MILLIS = 100;

    private final Connection connection;
    private final Consumer<Connection> discardOnRelease;
    private final Runnable onEnd;
    /** Claimed by whoever ends the session; after that nobody else touches the connection. */
    private final AtomicBoolean ending = new AtomicBoolean();
    // Guarded by this: a statement starts and the idle sweeper ends the session one after the other, never both.
    private String endedBecause;
    private boolean begun;
    /**
     * Statements sent and not yet finished on the wire, whether or not anyone still waits for them: mostly none or
     * one, so a list (no hashing on a path every statement takes).
     */
    private final List<SessionStatement.Call<?>> running = new ArrayList<>(2);
    private long lastActivityNanos = System.nanoTime();
    /** Set when a statement outlived the grace period: the connection is closed, not rolled back and reused. */
    private boolean discarded;
    /** Whether a COMMIT or ROLLBACK was sent and not yet answered. */
    private boolean finishing;
    /** Set when a request got no answer within this bound, and the connection was closed under it. */
    private Duration unansweredFor;

    /**
     * @param discardOnRelease marks a physical connection that the pool must close when it is released instead of
     *     handing it out again
     */
    UnitOfWork(Connection connection, Consumer<Connection> discardOnRelease, Runnable onEnd) {
        this.connection = connection;
        this.discardOnRelease = discardOnRelease;
        this.onEnd = onEnd;
    }

    /** For statements that run on the driver directly ({@link DriverQuery}), after {@link #statementStarted}. */
    Connection connection() {
        return connection;
    }

    /**
     * Starts a statement, refused once the session has ended. The statement runs to its end on the wire even if its
     * subscriber goes away: r2dbc-postgresql keeps consuming a cancelled statement's responses and may still send
     * its next messages (a statement it has not prepared yet goes out in two exchanges), so anything this session
     * sent meanwhile, a ROLLBACK, could run before the rest of that statement. The session therefore ends only once
     * every statement it started has finished ({@link #rollback}). The statement is sent under this session's lock,
     * so that the idle sweeper cannot end the session between the check and the sending.
     */
    synchronized void statementStarted(String operation, SessionStatement.Call<?> statement) {
        if (endedBecause != null) {
            throw new IllegalStateException(
                    operation + ": this repository session has ended (" + endedBecause + "); open a new one");
        }
        lastActivityNanos = System.nanoTime();
        running.add(statement);
        statement.send();
    }

    /** The driver has finished {@code statement}, however it ended. */
    synchronized void statementEnded(SessionStatement.Call<?> statement) {
        running.remove(statement);
        lastActivityNanos = System.nanoTime();
    }

    /** Begins the transaction, unless it has begun already; a statement that writes or locks runs after this. */
    Mono<Void> beginTransaction() {
        return Mono.defer(() -> {
            synchronized (this) {
                if (begun) {
                    return Mono.empty();
                }
                begun = true;
            }
            return Mono.from(connection.beginTransaction());
        });
    }

    private synchronized boolean begun() {
        return begun;
    }

    /** Marks the session ended, once; false when it already was. */
    private synchronized boolean markEnded(String reason) {
        if (endedBecause != null) {
            return false;
        }
        endedBecause = reason;
        return true;
    }

    private synchronized String endedBecause() {
        return endedBecause;
    }

    Mono<Void> commit() {
        return Mono.defer(() -> {
            if (!markEnded("saved")) {
                return Mono.error(new IllegalStateException(
                        "save(): this repository session has already ended (" + endedBecause() + ")"));
            }
            if (!begun()) {
                return end(); // it only read: nothing to commit
            }
            return end(Mono.from(connection.commitTransaction())
                    .onErrorResume(error -> rollbackQuietly().then(Mono.error(translate("db.save", error)))));
        });
    }

    /**
     * Rolls back and releases, unless the session has already ended. Statements still running (their subscriber went
     * away: a timeout, a client gone) are waited for first; one that does not finish within
     * {@value #STATEMENT_GRACE_MILLIS} ms (one waiting for a lock) is cancelled and the connection
     * {@linkplain #discard() discarded}.
     */
    Mono<Void> rollback(String reason) {
        return Mono.defer(() -> {
            CompletableFuture<?>[] unfinished;
            synchronized (this) {
                if (!markEnded(reason)) {
                    return Mono.empty();
                }
                unfinished = running.stream()
                        .map(SessionStatement.Call::finished)
                        .toArray(CompletableFuture<?>[]::new);
            }
            if (unfinished.length == 0) {
                return begun() ? end(rollbackQuietly()) : end();
            }
            // how the statements ended does not matter here, only that they did; a failure left in the future would
            // reach a subscriber the grace period's timeout has already cancelled, and be logged as dropped
            Mono<Void> finished = Mono.fromFuture(CompletableFuture.allOf(unfinished).exceptionally(error -> null),
                    true);
            return end(finished
                    .timeout(Duration.ofMillis(STATEMENT_GRACE_MILLIS), Mono.defer(this::discard).then(finished))
                    .then(Mono.defer(() -> isDiscarded() ? Mono.<Void>empty() : rollbackQuietly())));
        });
    }

    /** {@link #rollback} without waiting, for when no one can wait (a cancelled subscription). */
    void rollbackInBackground(String reason) {
        rollback(reason).subscribe(null, error -> LOG.warn("rolling back a repository session ({}) failed: {}",
                reason, error.toString()));
    }

    /**
     * For a statement that still runs after the grace period. PostgreSQL is sent a cancel request, so that a statement
     * waiting for a lock stops now rather than at the statement timeout; and the connection is closed once released
     * instead of going back to the pool, which rolls back whatever the server had of the session. Reusing it would
     * not be safe: a cancel request is a signal the server may deliver after the statement it was meant for has
     * finished, and then it cancels whatever runs next on that connection, another session's statement (found by
     * make soak).
     */
    private Mono<Void> discard() {
        synchronized (this) {
            discarded = true;
        }
        Connection physical = physical();
        discardOnRelease.accept(physical);
        return physical instanceof PostgresqlConnection postgres
                ? postgres.cancelRequest().onErrorResume(error -> Mono.empty())
                : Mono.empty();
    }

    private synchronized boolean isDiscarded() {
        return discarded;
    }

    private Connection physical() {
        return connection instanceof Wrapped<?> pooled ? (Connection) pooled.unwrap() : connection;
    }

    /**
     * Rolls the session back if it ran nothing for {@code timeout}: it was forgotten (neither saved nor cancelled),
     * and must not hold its connection and locks forever. A statement still running is left to the statement
     * timeout.
     */
    void rollbackIfIdle(Duration timeout) {
        String reason = "rolled back after " + timeout.toMillis() + " ms without a statement, save() or cancel()";
        synchronized (this) {
            if (!running.isEmpty() || System.nanoTime() - lastActivityNanos <= timeout.toNanos()
                    || !markEnded(reason)) {
                return;
            }
        }
        LOG.warn("a repository session ran no statement for {} ms and was neither saved nor cancelled: rolled it"
                + " back and returned its connection; end every session with save() or cancel(), or use"
                + " RepositoryFactory.transaction()", timeout.toMillis());
        end(rollbackQuietly());
    }

    /**
     * A ROLLBACK statement, not the driver's {@code rollbackTransaction()}: the driver skips that when it believes no
     * transaction is open, which it does while a BEGIN it sent is still in flight (its statement was cancelled), and
     * the next session on the connection would then commit what this one abandoned (found by make soak). A ROLLBACK
     * statement queues behind whatever this session sent, and is harmless when no transaction is open.
     */
    private Mono<Void> rollbackQuietly() {
        if (!begun()) {
            return Mono.empty();
        }
        return Flux.from(connection.createStatement("ROLLBACK").execute())
                .flatMap(Result::getRowsUpdated)
                .then()
                // A connection that cannot roll back is closed: the server rolls back, the pool replaces it.
                .onErrorResume(error -> Mono.from(physical().close()).onErrorResume(closing -> Mono.empty()));
    }

    /**
     * Closes the connection when a request sent on it (a statement, BEGIN, COMMIT or ROLLBACK) has had no answer for
     * {@code timeout}: the network or the server went silent, and PostgreSQL's own statement timeout cannot fire for
     * a statement it never received. The waiting caller then fails ({@link #translate}) and the connection is never
     * handed out again; the server rolls back what it had of the transaction once it notices the connection is gone.
     * Called periodically by the factory, so that it costs the statements themselves nothing.
     */
    void closeIfUnanswered(Duration timeout) {
        synchronized (this) {
            // finishing or a running statement: the connection has not gone back to the pool, and it will not go
            // back usable once it is marked for discarding below
            boolean waiting = finishing || !running.isEmpty();
            if (!waiting || unansweredFor != null || System.nanoTime() - lastActivityNanos <= timeout.toNanos()) {
                return;
            }
            unansweredFor = timeout;
            discarded = true;
            discardOnRelease.accept(physical());
        }
        LOG.warn("PostgreSQL did not answer a request for {} ms (statementTimeout + networkTimeout): closed the"
                + " connection; the network or the server went silent", timeout.toMillis());
        Mono.from(physical().close()).subscribe(null, error -> {});
    }

    /** A failure of this session's {@code operation}, saying so when it failed because no answer came in time. */
    DatabaseException translate(String operation, Throwable error) {
        Duration unanswered;
        synchronized (this) {
            unanswered = unansweredFor;
        }
        if (unanswered == null) {
            return Errors.translate(operation, error);
        }
        return new DatabaseException(operation, null, "no answer from PostgreSQL within " + unanswered.toMillis()
                + " ms (statementTimeout + networkTimeout); the connection was closed, so the server rolls back"
                + " whatever it had of this session (a COMMIT that got no answer may or may not have been applied)",
                error);
    }

    private synchronized void finishing(boolean value) {
        finishing = value;
        lastActivityNanos = System.nanoTime();
    }

    /**
     * Runs {@code finish} (commit or rollback), then returns the connection to the pool, exactly once and detached
     * from the caller: a caller that stops waiting (a cancelled save, a timeout) cannot leave the connection out of
     * the pool, nor reach it after it went back to the pool, where it may already be someone else's.
     */
    private Mono<Void> end(Mono<Void> finish) {
        if (!ending.compareAndSet(false, true)) {
            return Mono.empty();
        }
        Mono<Void> ended = Mono.defer(() -> {
                    finishing(true);
                    return finish;
                })
                .doFinally(signal -> finishing(false))
                .then(Mono.defer(this::release))
                .onErrorResume(error -> release().then(Mono.error(error)))
                .cache();
        ended.subscribe(null, error -> {});
        return ended;
    }

    /** {@link #end(Mono)} of a session that has nothing to finish: the connection goes back to the pool now. */
    private Mono<Void> end() {
        return ending.compareAndSet(false, true) ? release() : Mono.empty();
    }

    /**
     * Returns the connection to the pool, started at once and run to its end whatever the caller does; the pool's
     * release completes on the spot unless the connection has to be closed, so the caller mostly gets a completed
     * Mono.
     */
    private Mono<Void> release() {
        CompletableFuture<Void> released = new CompletableFuture<>();
        Runnable done = () -> {
            onEnd.run();
            released.complete(null);
        };
        Mono.from(connection.close()).subscribe(null, error -> done.run(), done);
        return released.isDone() ? Mono.empty() : Mono.fromFuture(released, true);
    }
}
