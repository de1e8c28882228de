package io.authstore.storage.jooq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A subscription to work that, once started, runs to its end whatever the subscriber does: a subscriber that cancels
 * gets nothing more, and the work goes on. For work that cancelling half-way would leave in an unknown state: a
 * statement on the wire ({@link SessionStatement}), a connection the pool is handing out ({@link #of}).
 *
 * <p>One object per subscription, where a future and the operators around it did the same before: every unit of work
 * and every statement takes this path, and each operator on it cost a subscription and its signals.
 */
abstract class Detached<T> implements Subscription {

    // Each bit is set once. The outcome goes to the subscriber once the work has started (see started()) and ended,
    // unless the subscriber cancelled; a value also waits for a request.
    private static final int STARTED = 1;
    private static final int DONE = 2;
    private static final int REQUESTED = 4;
    private static final int CANCELLED = 8;
    private static final int DELIVERED = 16;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Detached.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CoreSubscriber<? super T> actual;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;
    /** The outcome; written before DONE is set, read after DONE was seen. */
    private T value;
    private Throwable error;

    Detached(CoreSubscriber<? super T> actual) {
        this.actual = actual;
    }

    /**
     * {@code source}, subscribed at once and run to its end whatever the subscriber does; a value that arrives for a
     * subscriber that has cancelled goes to {@code abandoned}.
     */
    static <T> Mono<T> of(Mono<T> source, Consumer<? super T> abandoned) {
        return new Mono<T>() {
            @Override
            public void subscribe(CoreSubscriber<? super T> actual) {
                Subscribed<T> subscribed = new Subscribed<>(actual, abandoned);
                actual.onSubscribe(subscribed);
                subscribed.started();
                source.subscribe(subscribed);
            }
        };
    }

    /** The work has ended: with a value (null for none), or failed. Called once. */
    final void outcome(T result, Throwable failure) {
        value = result;
        error = failure;
        set(DONE);
    }

    /** The outcome may go to the subscriber from now on: after starting the work, outside any lock it takes. */
    final void started() {
        set(STARTED);
    }

    final boolean isCancelled() {
        return (state & CANCELLED) != 0;
    }

    /** The subscriber cancelled before the work ended. */
    abstract void cancelledBeforeOutcome();

    /** A value the subscriber cancelled before getting. */
    void abandoned(T result) {}

    @Override
    public final void request(long n) {
        if (Operators.validate(n)) {
            set(REQUESTED);
        }
    }

    @Override
    public final void cancel() {
        if ((set(CANCELLED) & (DONE | CANCELLED)) == 0) {
            cancelledBeforeOutcome();
        }
    }

    /** Sets {@code bit} and passes the outcome on if that made it ready; the state before. */
    private int set(int bit) {
        int before;
        do {
            before = state;
        } while (!STATE.compareAndSet(this, before, before | bit));
        passOnIfReady();
        return before;
    }

    private void passOnIfReady() {
        int current;
        do {
            current = state;
            if ((current & (STARTED | DONE)) != (STARTED | DONE) || (current & DELIVERED) != 0
                    || (current & CANCELLED) == 0 && error == null && (current & REQUESTED) == 0) {
                return;
            }
        } while (!STATE.compareAndSet(this, current, current | DELIVERED));
        if ((current & CANCELLED) != 0) {
            if (value != null) {
                abandoned(value);
            }
        } else if (error != null) {
            actual.onError(error);
        } else {
            if (value != null) {
                actual.onNext(value);
            }
            actual.onComplete();
        }
    }

    /** {@link #of}: the subscriber of the source. */
    private static final class Subscribed<T> extends Detached<T> implements CoreSubscriber<T> {

        private final Consumer<? super T> abandoned;
        private T received;

        Subscribed(CoreSubscriber<? super T> actual, Consumer<? super T> abandoned) {
            super(actual);
            this.abandoned = abandoned;
        }

        @Override
        public void onSubscribe(Subscription source) {
            source.request(Long.MAX_VALUE); // and never cancelled
        }

        @Override
        public void onNext(T next) {
            received = next;
        }

        @Override
        public void onError(Throwable failure) {
            outcome(null, failure);
        }

        @Override
        public void onComplete() {
            outcome(received, null);
        }

        /** The work's own context: the subscriber's is not its business. */
        @Override
        public Context currentContext() {
            return Context.empty();
        }

        @Override
        void cancelledBeforeOutcome() {}

        @Override
        void abandoned(T result) {
            abandoned.accept(result);
        }
    }
}
