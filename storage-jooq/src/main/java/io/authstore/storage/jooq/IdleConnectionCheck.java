package io.authstore.storage.jooq;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Finds pooled connections whose network died while they sat idle, before a caller gets one. A connection idle for
 * longer than {@code validateAfterIdle} is asked for a round trip (within {@code validationTimeout}) as it is handed
 * out; one that does not answer is dropped, and so, without asking, is every connection idle since before it (they
 * crossed the same silence). Connections in steady use are handed out unchecked, so the check costs a busy pool
 * nothing.
 */
final class IdleConnectionCheck {

    private final Duration checkAfter;
    private final Duration timeout;
    /**
     * When each idle connection was returned. A connection the pool closes instead of handing it out again leaves its
     * entry behind, so entries older than {@link #forgetAfterNanos} are dropped now and then: the pool closes a
     * connection idle for longer than its maxIdleTime rather than hand it out, so nobody asks about those any more.
     * (A lock-free map, not a synchronized weak one: every unit of work passes here twice.)
     */
    private final Map<Connection, Long> returnedAt = new ConcurrentHashMap<>();
    private final long forgetAfterNanos;
    private volatile long nextForgetNanos;
    /** Connections returned at or before this were idle across a silence that killed one of them; null if none. */
    private volatile Long deadIfReturnedBy;

    /** @param maxIdleTime the pool's: it closes an idle connection older than this instead of handing it out */
    IdleConnectionCheck(Duration checkAfter, Duration timeout, Duration maxIdleTime) {
        this.checkAfter = checkAfter;
        this.timeout = timeout;
        this.forgetAfterNanos = maxIdleTime.multipliedBy(2).toNanos();
        this.nextForgetNanos = System.nanoTime() + forgetAfterNanos;
    }

    /** A physical connection went back to the pool. */
    void returned(Connection connection) {
        long now = System.nanoTime();
        returnedAt.put(connection, now);
        if (now - nextForgetNanos >= 0) {
            nextForgetNanos = now + forgetAfterNanos;
            returnedAt.values().removeIf(returned -> now - returned > forgetAfterNanos);
        }
    }

    /** Before handing out {@code connection}: fails when it must be dropped (the pool then opens or picks another). */
    Mono<Void> check(Connection connection) {
        Long returned = returnedAt.remove(connection);
        if (returned == null || System.nanoTime() - returned < checkAfter.toNanos()) {
            return Mono.empty(); // new, or in steady use
        }
        Long dead = deadIfReturnedBy;
        if (dead != null && returned - dead <= 0) {
            return Mono.error(stale("it was idle since before another pooled connection that no longer answered"));
        }
        return Mono.from(connection.validate(ValidationDepth.REMOTE))
                .map(valid -> valid ? Answer.VALID : Answer.CLOSED)
                .timeout(timeout, Mono.just(Answer.NONE))
                .onErrorReturn(Answer.CLOSED)
                .flatMap(answer -> switch (answer) {
                    case VALID -> Mono.<Void>empty();
                    case CLOSED -> Mono.error(stale("it was closed (its backend ended)"));
                    case NONE -> {
                        // a silence, not one ended backend: the connections idle longer crossed it too
                        synchronized (this) {
                            if (deadIfReturnedBy == null || returned - deadIfReturnedBy > 0) {
                                deadIfReturnedBy = returned;
                            }
                        }
                        yield Mono.error(stale("it did not answer within " + timeout.toMillis() + " ms"));
                    }
                });
    }

    private enum Answer { VALID, CLOSED, NONE }

    static boolean isStale(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StaleConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static StaleConnectionException stale(String why) {
        return new StaleConnectionException("dropped an idle pooled connection: " + why);
    }

    /** A pooled connection dropped by the check; the caller is given another one. */
    static final class StaleConnectionException extends RuntimeException {
        StaleConnectionException(String message) {
            super(message, null, false, false);
        }
    }
}
