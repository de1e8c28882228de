package io.authstore.storage.jooq;

import io.authstore.storage.DatabaseException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * One statement of a repository session as its caller sees it: started when subscribed (refused once the session has
 * ended), timed and logged, a database failure translated and the session rolled back, and run to its end on the wire
 * whatever the subscriber does ({@link UnitOfWork#statementStarted}). A subscriber that cancels before the statement
 * has finished gets nothing more, and the session is rolled back: the statement may or may not have been applied.
 *
 * <p>One object per call is both the subscription the caller holds and the subscriber of the driver's statement,
 * where a chain of Reactor operators and futures did the same before: every statement of every session takes this
 * path, and each operator on it cost each statement a subscription and its signals, and a context lookup through the
 * chain for the driver's exchange.
 */
final class SessionStatement<T> extends Mono<T> {

    private final UnitOfWork work;
    private final StatementLog log;
    private final String operation;
    private final Supplier<String> sql;
    private final Supplier<Mono<T>> statement;
    private final ToIntFunction<T> rowCount;

    private SessionStatement(UnitOfWork work, StatementLog log, String operation, Supplier<String> sql,
            Supplier<Mono<T>> statement, ToIntFunction<T> rowCount) {
        this.work = work;
        this.log = log;
        this.operation = operation;
        this.sql = sql;
        this.statement = statement;
        this.rowCount = rowCount;
    }

    /**
     * @param statement makes the driver's statement, which emits at most one value (its rows as one list, or a count)
     * @param rowCount how many rows a result stands for, for the log
     */
    static <T> Mono<T> of(UnitOfWork work, StatementLog log, String operation, Supplier<String> sql,
            Supplier<Mono<T>> statement, ToIntFunction<T> rowCount) {
        return onAssembly(new SessionStatement<>(work, log, operation, sql, statement, rowCount));
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Call<T> call = new Call<>(this, actual);
        actual.onSubscribe(call);
        call.start();
    }

    /** A failure as the caller gets it: a database failure translated, logged, and the session rolled back first. */
    private Mono<T> failed(Throwable error, long nanos) {
        if (!Errors.isDatabaseFailure(error)) {
            return Mono.error(error);
        }
        DatabaseException failure = work.translate(operation, error);
        log.failed(operation, sql, nanos, failure);
        return work.rollback("rolled back because " + operation + " failed").then(Mono.error(failure));
    }

    /** One subscription: the caller's side ({@link Detached}) and the driver's ({@link CoreSubscriber}). */
    static final class Call<T> extends Detached<T> implements CoreSubscriber<T> {

        private final SessionStatement<T> parent;
        private final long startNanos = System.nanoTime();
        /** Completed when the driver has finished the statement, however it ended: what a rollback waits for. */
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        /** The driver's value, until it completes. */
        private T received;
        /** The thread in {@link #send()}, while it is there; other threads never see their own here. */
        private Thread sending;
        /** An outcome that came while sending, for {@link #start()} to pass on. */
        private boolean deferred;
        private T deferredValue;
        private Throwable deferredError;

        Call(SessionStatement<T> parent, CoreSubscriber<? super T> actual) {
            super(actual);
            this.parent = parent;
        }

        void start() {
            if (!isCancelled()) {
                try {
                    parent.work.statementStarted(parent.operation, this);
                } catch (IllegalStateException ended) {
                    outcome(null, ended);
                    return;
                }
                if (deferred) {
                    outcome(deferredValue, deferredError);
                }
            }
        }

        /**
         * Subscribes to the driver's statement; called by the session under its lock, so that nothing ends the
         * session meanwhile. Should the statement end right here, its outcome waits until the lock is released: the
         * caller's code never runs under it.
         */
        void send() {
            sending = Thread.currentThread();
            try {
                Mono<T> driver;
                try {
                    driver = parent.statement.get();
                } catch (RuntimeException e) {
                    onError(e);
                    return;
                }
                driver.subscribe(this);
            } finally {
                sending = null;
            }
        }

        /** The outcome for the caller, now, or once {@link #send()} has returned when it came from within it. */
        private void finish(T result, Throwable failure) {
            if (sending == Thread.currentThread()) {
                deferredValue = result;
                deferredError = failure;
                deferred = true;
            } else {
                outcome(result, failure);
            }
        }

        CompletableFuture<Void> finished() {
            return finished;
        }

        @Override
        public void onSubscribe(Subscription driver) {
            driver.request(Long.MAX_VALUE); // and never cancelled: the statement runs to its end
        }

        @Override
        public void onNext(T next) {
            received = next;
        }

        @Override
        public void onError(Throwable failure) {
            long nanos = ended();
            Mono<T> failed;
            try {
                failed = parent.failed(failure, nanos);
            } catch (RuntimeException e) {
                failed = Mono.error(e);
            }
            failed.subscribe(null, translated -> finish(null, translated), () -> finish(null, failure));
        }

        @Override
        public void onComplete() {
            long nanos = ended();
            T result = received;
            received = null;
            if (result != null) {
                parent.log.completed(parent.operation, parent.sql, parent.rowCount.applyAsInt(result), nanos);
            }
            finish(result, null);
        }

        /** The driver's part is over: the session no longer waits for this statement. */
        private long ended() {
            long nanos = System.nanoTime() - startNanos;
            parent.work.statementEnded(this);
            finished.complete(null);
            return nanos;
        }

        /** The statement's own context: the caller's is not the driver's business. */
        @Override
        public Context currentContext() {
            return Context.empty();
        }

        /** The statement may or may not have been applied: the session is rolled back. */
        @Override
        void cancelledBeforeOutcome() {
            if (!finished.isDone()) {
                parent.work.rollbackInBackground(parent.operation + " was cancelled before it completed");
            }
        }
    }
}
