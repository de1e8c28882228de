package io.authstore.storage.jooq;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each statement under its operation name ({@code db.<repository>.<operation>}): at DEBUG always, at WARN when
 * slower than the threshold. The SQL is rendered with placeholders only; bound values (which may be passwords or
 * tokens) are never logged, and the SQL is only rendered when a line is written.
 */
final class StatementLog {

    static final String LOGGER_NAME = "io.authstore.storage.statements";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private final long slowNanos;

    StatementLog(Duration slowStatementThreshold) {
        this.slowNanos = slowStatementThreshold.toNanos();
    }

    void completed(String operation, Supplier<String> sql, long rows, long nanos) {
        if (nanos > slowNanos && LOG.isWarnEnabled()) {
            LOG.warn("{}: slow statement, {} rows in {} ms (threshold {} ms): {}", operation, rows, millis(nanos),
                    millis(slowNanos), sql.get());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} rows in {} ms: {}", operation, rows, millis(nanos), sql.get());
        }
    }

    /**
     * A statement the database refused or could not finish (e.g. cancelled by statement_timeout): at WARN, with the
     * driver's message, which names constraints but not values (PostgreSQL puts those in the error's detail, which
     * is not logged).
     */
    void failed(String operation, Supplier<String> sql, long nanos, Throwable error) {
        if (LOG.isWarnEnabled()) {
            LOG.warn("{}: failed after {} ms: {}: {}", operation, millis(nanos), error.getMessage(), sql.get());
        }
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
