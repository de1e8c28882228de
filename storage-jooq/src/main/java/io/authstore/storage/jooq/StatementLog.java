package io.authstore.storage.jooq;

import java.time.Duration;
import org.jooq.Query;
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

    void completed(String operation, Query query, long rows, long nanos) {
        if (nanos > slowNanos && LOG.isWarnEnabled()) {
            LOG.warn("{}: slow statement, {} rows in {} ms (threshold {} ms): {}", operation, rows, millis(nanos),
                    millis(slowNanos), query.getSQL());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} rows in {} ms: {}", operation, rows, millis(nanos), query.getSQL());
        }
    }

    void failed(String operation, Query query, long nanos, Throwable error) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: failed after {} ms ({}): {}", operation, millis(nanos), error.getClass().getSimpleName(),
                    query.getSQL());
        }
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
