package io.authstore.storage.jooq.queue;

import io.authstore.storage.jooq.ServerSelection;
import io.authstore.storage.jooq.StorageSettings;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Wakes workers when a job becomes available. Holds one connection of its own, outside the pool (a pooled
 * connection would be handed to others, and a LISTEN belongs to its connection), on which it LISTENs on
 * {@value #AVAILABLE_CHANNEL} (sent by the schema's trigger when a job becomes available) and
 * {@value JooqQueueWorkerRepository#STEPDOWN_CHANNEL} (sent when the leader shuts down). When that connection
 * fails, or stops answering the check it gets every {@code reconnectDelay}, the listener connects again after
 * {@code reconnectDelay}, for as long as it is open; every (re)connection is announced as a wake-up too, since
 * notifications sent meanwhile are lost. Workers poll as well, so a lost notification delays a job, never strands it.
 *
 * <p>One listener serves every worker of a process; {@link #wakeUps()} is hot. Close it at shutdown.
 */
public final class JobListener implements AutoCloseable {

    public static final String AVAILABLE_CHANNEL = "queue_available";

    private static final Logger LOG = LoggerFactory.getLogger(JobListener.class);

    private final Sinks.Many<String> wakeUps = Sinks.many().multicast().directBestEffort();
    private final AtomicInteger connections = new AtomicInteger();
    private final String applicationName;
    private volatile boolean listening;
    private final Disposable running;

    private JobListener(StorageSettings settings, Duration reconnectDelay) {
        this.applicationName = settings.applicationName() + "-queue-listener";
        // notifications are sent by the server that runs the writes
        PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(
                ServerSelection.connection(settings, applicationName, settings.targetSessionAttrs()).build());
        Duration bound = settings.connectTimeout().plus(settings.statementTimeout());
        this.running = Flux.usingWhen(
                        factory.create().timeout(bound),
                        connection -> listen(connection, bound).thenMany(Flux.merge(
                                Mono.fromRunnable(() -> connected()).thenMany(Flux.<String>empty()),
                                connection.getNotifications().map(notification -> notification.getName()),
                                watch(connection, reconnectDelay, bound))),
                        connection -> connection.close().timeout(bound).onErrorResume(error -> Mono.empty()))
                // the notification stream ends when the connection closes: that is a failure too
                .concatWith(Mono.error(() -> new IllegalStateException("the listener's connection closed")))
                .doOnError(error -> {
                    listening = false;
                    LOG.warn("queue listener lost its connection ({}); reconnecting in {} ms", error.toString(),
                            reconnectDelay.toMillis());
                })
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, reconnectDelay))
                .subscribe(this::wake, error -> LOG.error("queue listener stopped", error));
    }

    /** Starts listening (in the background: {@link #isListening()} says when it is). */
    public static JobListener start(StorageSettings settings, Duration reconnectDelay) {
        return new JobListener(settings, reconnectDelay);
    }

    private static Mono<Void> listen(PostgresqlConnection connection, Duration bound) {
        return connection.createStatement("LISTEN " + AVAILABLE_CHANNEL + "; LISTEN "
                        + JooqQueueWorkerRepository.STEPDOWN_CHANNEL)
                .execute()
                .flatMap(result -> result.getRowsUpdated())
                .then()
                .timeout(bound);
    }

    /**
     * Fails when the connection no longer answers; checked every {@code period}. A check may take longer than
     * {@code period} (up to {@code bound}) on a busy machine: the ticks meanwhile are dropped, not an overflow that
     * would end the watch as if the connection had failed.
     */
    private static Flux<String> watch(PostgresqlConnection connection, Duration period, Duration bound) {
        return Flux.interval(period)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.from(connection.validate(ValidationDepth.REMOTE))
                        .timeout(bound)
                        .onErrorReturn(false))
                .filter(valid -> !valid)
                .flatMap(invalid -> Mono.error(new IllegalStateException("the listener's connection stopped"
                        + " answering")));
    }

    private void connected() {
        listening = true;
        int count = connections.incrementAndGet();
        if (count > 1) {
            LOG.info("queue listener reconnected");
        }
        wake("connected");
    }

    private void wake(String channel) {
        wakeUps.tryEmitNext(channel);
    }

    /** A signal per notification (the channel's name), and one per (re)connection. Hot; never completes. */
    public Flux<String> wakeUps() {
        return wakeUps.asFlux();
    }

    /** Whether the listener is connected and LISTENing now. */
    public boolean isListening() {
        return listening;
    }

    /** How many times it connected (1 while it never lost its connection). */
    public int connections() {
        return connections.get();
    }

    /** The application_name of its connection, to find it in pg_stat_activity. */
    public String applicationName() {
        return applicationName;
    }

    @Override
    public void close() {
        running.dispose();
        listening = false;
        wakeUps.tryEmitComplete();
    }
}
