package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.UserFilter;
import io.netty.util.internal.logging.InternalLoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.LoggerFactory;
import reactor.util.Loggers;

/**
 * With every logger at TRACE (logback-test.xml), the two driver loggers that would write bound values are off once a
 * factory exists, and the rest of the driver's logging is still on. SecretsInLogsTest checks the log itself.
 */
@Isolated
@ExtendWith(StorageExtension.class)
class DriverLoggingTest {

    @Test
    void theDriversBoundValueAndWireDumpLoggersAreOffWhileTheOthersFollowTheConfiguration(TestStorage storage) {
        assertThat(LoggerFactory.getLogger(DriverLogging.BOUND_VALUES_LOGGER).isTraceEnabled())
                .as("the test configuration asks for TRACE everywhere").isTrue();
        storage.read(session -> session.user().count(UserFilter.all())); // a bind, through a factory

        assertThat(DriverLogging.bindingLoggerEnabled()).as("r2dbc-postgresql's own switch").isFalse();
        assertThat(Loggers.getLogger(DriverLogging.BOUND_VALUES_LOGGER).isDebugEnabled()).isFalse();
        assertThat(InternalLoggerFactory.getInstance(DriverLogging.WIRE_DUMP_LOGGER).isTraceEnabled()).isFalse();
        assertThat(Loggers.getLogger("io.r2dbc.postgresql.QUERY").isDebugEnabled()).isTrue();
        assertThat(Loggers.getLogger("io.r2dbc.postgresql.QUERY").getName()).isEqualTo("io.r2dbc.postgresql.QUERY");
        assertThat(InternalLoggerFactory.getInstance("io.netty.channel.DefaultChannelPipeline").isTraceEnabled())
                .as("netty's other loggers").isTrue();
    }
}
