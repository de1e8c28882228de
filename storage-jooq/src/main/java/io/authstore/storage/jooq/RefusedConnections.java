package io.authstore.storage.jooq;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.pool.AllocationStrategy;

/**
 * What the pool does while PostgreSQL refuses new connections (SQLSTATE 53300: {@code max_connections} reached, or
 * a role's CONNECTION LIMIT): an episode that starts with the first refusal and ends with the next connection opened.
 * During it, a caller is not failed at once: it waits for a connection the pool already holds to be returned, while the
 * pool tries to open one more only after a backoff (doubling from {@value #FIRST_BACKOFF_MILLIS} ms up to
 * {@value #MAX_BACKOFF_MILLIS} ms), one attempt at a time. Only when the pool holds no connection at all does a caller
 * retry opening one itself (also with a backoff). The episode is logged once when it starts and once when it ends.
 * A caller that gets nothing within {@code acquireTimeout} fails, naming the refusal.
 */
final class RefusedConnections {

    private static final Logger LOG = LoggerFactory.getLogger(RefusedConnections.class);
    static final String TOO_MANY_CONNECTIONS = "53300";
    static final long FIRST_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 1000;

    private final String server;
    // Guarded by this.
    private R2dbcException refusal;
    private long episodeStartNanos;
    private int refusals;
    private long backoffMillis;
    private long nextAttemptNanos;
    private boolean attempting;
    private long lastRefusalNanos;
    /** Connections the pool holds (in use or idle), or is opening. */
    private final AtomicInteger granted = new AtomicInteger();

    RefusedConnections(String redactedUrl) {
        this.server = redactedUrl;
    }

    static boolean isRefusal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException driver && TOO_MANY_CONNECTIONS.equals(driver.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** The refusal that kept a caller from a connection: its own, or that of the episode under way; or null. */
    synchronized R2dbcException refusal(Throwable callerError) {
        Throwable own = findRefusal(callerError);
        return own instanceof R2dbcException driver && isRefusal(driver) ? driver : refusal;
    }

    /** {@code factory}, reporting each connection it opens or is refused to this episode. */
    ConnectionFactory watching(ConnectionFactory factory) {
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return Mono.defer(() -> {
                    long started = System.nanoTime();
                    return Mono.from(factory.create())
                            .doOnSuccess(connection -> opened(started))
                            .doOnError(error -> failed(error));
                });
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return factory.getMetadata();
            }
        };
    }

    private void opened(long startedNanos) {
        int refused;
        long lasted;
        synchronized (this) {
            attempting = false;
            // one already under way when the last refusal came says nothing about whether the server accepts again
            if (refusal == null || startedNanos - lastRefusalNanos < 0) {
                return;
            }
            refused = refusals;
            lasted = System.nanoTime() - episodeStartNanos;
            refusal = null;
        }
        LOG.info("PostgreSQL at {} accepts new connections again ({} refused over {} ms)", server, refused,
                lasted / 1_000_000);
    }

    private void failed(Throwable error) {
        boolean started;
        synchronized (this) {
            attempting = false;
            if (!isRefusal(error)) {
                return;
            }
            started = refusal == null;
            if (started) {
                episodeStartNanos = System.nanoTime();
                refusals = 0;
                backoffMillis = FIRST_BACKOFF_MILLIS;
            } else {
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
            }
            refusal = (R2dbcException) findRefusal(error);
            refusals++;
            lastRefusalNanos = System.nanoTime();
            nextAttemptNanos = System.nanoTime() + backoffMillis * 1_000_000;
        }
        if (started) {
            LOG.warn("PostgreSQL at {} refuses new connections (SQLSTATE {}: {}): callers wait for the pool's open"
                    + " connections, up to acquireTimeout, and the pool retries opening more with a backoff",
                    server, TOO_MANY_CONNECTIONS, refusal.getMessage());
        }
    }

    private static Throwable findRefusal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (isRefusal(cause) && cause instanceof R2dbcException) {
                return cause;
            }
        }
        return error;
    }

    /**
     * Whether the pool may try to open a connection now: always outside an episode, and during one only after the
     * backoff, one attempt at a time, or when the pool holds none (nothing would ever be returned to wait for).
     */
    private synchronized boolean mayOpen(int held) {
        if (refusal == null || held == 0) {
            return true;
        }
        if (attempting || System.nanoTime() < nextAttemptNanos) {
            return false;
        }
        attempting = true;
        return true;
    }

    /** The pool is full, or the caller went away: no attempt is under way after all. */
    private synchronized void attemptDropped() {
        attempting = false;
    }

    /**
     * The pool's allocation strategy: up to {@code maxSize} connections (as r2dbc-pool's own, which the customizer
     * cannot wrap), holding back new ones during an episode.
     */
    AllocationStrategy limiting(int maxSize) {
        return new AllocationStrategy() {
            @Override
            public int estimatePermitCount() {
                return maxSize - granted.get();
            }

            @Override
            public int getPermits(int desired) {
                if (desired <= 0) {
                    return 0;
                }
                if (!mayOpen(granted.get())) {
                    return 0;
                }
                while (true) {
                    int now = granted.get();
                    int permits = Math.min(desired, maxSize - now);
                    if (permits <= 0) {
                        attemptDropped();
                        return 0;
                    }
                    if (granted.compareAndSet(now, now + permits)) {
                        return permits;
                    }
                }
            }

            @Override
            public int permitGranted() {
                return granted.get();
            }

            @Override
            public int permitMinimum() {
                return 0;
            }

            @Override
            public int permitMaximum() {
                return maxSize;
            }

            @Override
            public void returnPermits(int returned) {
                attemptDropped();
                granted.updateAndGet(now -> Math.max(0, now - returned));
            }
        };
    }

    /**
     * How long a caller that was refused waits before asking the pool again: not at all while the pool holds
     * connections (it then waits in the pool for one to be returned), with a backoff while it holds none.
     */
    Duration callerBackoff(long attempt) {
        if (granted.get() > 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.min(FIRST_BACKOFF_MILLIS << Math.min(attempt, 10), MAX_BACKOFF_MILLIS));
    }
}
