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

    // Each bit is set once, and the common path takes two atomic updates: the request, and the outcome (which passes
    // it on in the same update when the request came first).
    private static final int DONE = 1;
    private static final int REQUESTED = 2;
    private static final int CANCELLED = 4;
    private static final int DELIVERED = 8;
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
                source.subscribe(subscribed);
            }
        };
    }

    /**
     * The work has ended: with a value (null for none), or failed. Called once, and never by a thread that holds a
     * lock the subscriber could need: it may get the outcome right here.
     */
    final void outcome(T result, Throwable failure) {
        value = result;
        error = failure;
        int before;
        int after;
        do {
            before = state;
            after = before | DONE;
            if ((before & CANCELLED) != 0 || failure != null || (before & REQUESTED) != 0) {
                after |= DELIVERED;
            }
        } while (!STATE.compareAndSet(this, before, after));
        if ((after & DELIVERED) != 0) {
            passOn(after);
        }
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
            int before = setOnce(REQUESTED);
            if (before >= 0 && (before & (DONE | DELIVERED)) == DONE) {
                passOn(before | REQUESTED | DELIVERED); // a value waited for this request
            }
        }
    }

    @Override
    public final void cancel() {
        int before = setOnce(CANCELLED);
        if (before < 0) {
            return;
        }
        if ((before & DONE) == 0) {
            cancelledBeforeOutcome();
        } else if ((before & DELIVERED) == 0) {
            passOn(before | CANCELLED | DELIVERED); // a value nobody will take
        }
    }

    /**
     * Sets {@code bit}, and DELIVERED with it when an outcome waits (whoever calls this then passes it on); the state
     * before, or -1 when the bit was set already.
     */
    private int setOnce(int bit) {
        int before;
        int after;
        do {
            before = state;
            if ((before & bit) != 0) {
                return -1;
            }
            after = before | bit;
            if ((before & (DONE | DELIVERED)) == DONE) {
                after |= DELIVERED;
            }
        } while (!STATE.compareAndSet(this, before, after));
        return before;
    }

    /** Passes the outcome on, once: called by whoever set DELIVERED, with the state it set. */
    private void passOn(int after) {
        if ((after & CANCELLED) != 0) {
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
