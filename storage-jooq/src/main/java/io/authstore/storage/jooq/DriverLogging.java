package io.authstore.storage.jooq;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Keeps bound values (passwords, tokens, codes) out of r2dbc-postgresql's own logging, whatever level the
 * application's logging configuration sets. The driver writes them in two places, and neither can be turned off
 * through its configuration:
 *
 * <ul>
 *   <li>{@code io.r2dbc.postgresql.BindingLogger} logs every bound value at DEBUG on {@code io.r2dbc.postgresql.PARAM}.
 *       It takes that logger from {@link Loggers#getLogger(String) reactor.util.Loggers} and decides once, when the
 *       class is initialised (at the first bind of the JVM), whether it is enabled. So a Reactor logger factory
 *       installed before that, which answers that one name with a logger that is never enabled, turns it off for
 *       good. Every other name gets an SLF4J logger, which is what Reactor uses by default where SLF4J is present
 *       (storage-jooq depends on it): an application that had chosen other Reactor loggers
 *       ({@code Loggers.useConsoleLoggers()} …) gets SLF4J ones from then on.</li>
 *   <li>{@code ReactorNettyClient} adds netty's {@code LoggingHandler}, a hex dump of every byte sent and received
 *       (Bind messages with their values, rows with their columns), to each new connection when the netty logger
 *       named after the class is at TRACE. That logger exists for nothing else, so the netty logger factory is
 *       wrapped to answer that one name with a logger that is never enabled.</li>
 * </ul>
 *
 * The rest of the driver's logging is untouched: statements (with placeholders), requests and responses (message
 * types and lengths), pool events.
 */
final class DriverLogging {

    static final String BOUND_VALUES_LOGGER = "io.r2dbc.postgresql.PARAM";
    static final String WIRE_DUMP_LOGGER = "io.r2dbc.postgresql.client.ReactorNettyClient";
    private static final String BINDING_LOGGER_CLASS = "io.r2dbc.postgresql.BindingLogger";

    private DriverLogging() {}

    /**
     * Installs both guards, once per JVM, and checks that the driver's binding logger is off: it is not when another
     * part of the application bound a value through r2dbc-postgresql, with DEBUG on, before the first repository
     * factory was created; then this refuses to go on rather than log secrets.
     */
    static void keepBoundValuesOut() {
        Installed.ONCE.check();
    }

    /** Class initialisation is the once-per-JVM lock. */
    private enum Installed {
        ONCE;

        Installed() {
            Loggers.useCustomLoggers(name -> new Slf4jReactorLogger(BOUND_VALUES_LOGGER.equals(name)
                    ? NOPLogger.NOP_LOGGER
                    : LoggerFactory.getLogger(name)));
            InternalLoggerFactory.setDefaultFactory(new WithoutWireDump(InternalLoggerFactory.getDefaultFactory()));
        }

        void check() {
            if (bindingLoggerEnabled()) {
                throw new IllegalStateException("r2dbc-postgresql logs every bound value (passwords, tokens) on the"
                        + " logger " + BOUND_VALUES_LOGGER + ", and it was switched on before the first"
                        + " JooqRepositoryFactory could prevent it: set that logger (and io.r2dbc) below DEBUG, or"
                        + " create the repository factory before anything else uses r2dbc-postgresql");
            }
        }
    }

    /** The driver's own switch, read back; false where it cannot be read (a driver that changed its internals). */
    static boolean bindingLoggerEnabled() {
        try {
            Field enabled = Class.forName(BINDING_LOGGER_CLASS).getDeclaredField("LOGGING_ENABLED");
            enabled.setAccessible(true);
            return enabled.getBoolean(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** netty's loggers as before, except the one that would dump the wire. */
    private static final class WithoutWireDump extends InternalLoggerFactory {

        private static final InternalLogger NEVER_ENABLED = (InternalLogger) Proxy.newProxyInstance(
                InternalLogger.class.getClassLoader(), new Class<?>[] {InternalLogger.class},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "name", "toString" -> WIRE_DUMP_LOGGER;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });

        /** Protected in netty: a factory may not ask another one directly, so this is opened once. */
        private static final Method NEW_INSTANCE = newInstanceMethod();

        private final InternalLoggerFactory previous;

        WithoutWireDump(InternalLoggerFactory previous) {
            this.previous = previous;
        }

        private static Method newInstanceMethod() {
            try {
                Method method = InternalLoggerFactory.class.getDeclaredMethod("newInstance", String.class);
                method.setAccessible(true);
                return method;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot wrap netty's logger factory: " + e, e);
            }
        }

        @Override
        protected InternalLogger newInstance(String name) {
            if (WIRE_DUMP_LOGGER.equals(name)) {
                return NEVER_ENABLED;
            }
            try {
                return (InternalLogger) NEW_INSTANCE.invoke(previous, name);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("netty's logger factory failed for " + name + ": " + e, e);
            }
        }
    }

    /** Reactor's logger interface over an SLF4J logger: the two have the same methods. */
    private record Slf4jReactorLogger(org.slf4j.Logger logger) implements Logger {
        @Override public String getName() { return logger.getName(); }
        @Override public boolean isTraceEnabled() { return logger.isTraceEnabled(); }
        @Override public void trace(String message) { logger.trace(message); }
        @Override public void trace(String format, Object... arguments) { logger.trace(format, arguments); }
        @Override public void trace(String message, Throwable error) { logger.trace(message, error); }
        @Override public boolean isDebugEnabled() { return logger.isDebugEnabled(); }
        @Override public void debug(String message) { logger.debug(message); }
        @Override public void debug(String format, Object... arguments) { logger.debug(format, arguments); }
        @Override public void debug(String message, Throwable error) { logger.debug(message, error); }
        @Override public boolean isInfoEnabled() { return logger.isInfoEnabled(); }
        @Override public void info(String message) { logger.info(message); }
        @Override public void info(String format, Object... arguments) { logger.info(format, arguments); }
        @Override public void info(String message, Throwable error) { logger.info(message, error); }
        @Override public boolean isWarnEnabled() { return logger.isWarnEnabled(); }
        @Override public void warn(String message) { logger.warn(message); }
        @Override public void warn(String format, Object... arguments) { logger.warn(format, arguments); }
        @Override public void warn(String message, Throwable error) { logger.warn(message, error); }
        @Override public boolean isErrorEnabled() { return logger.isErrorEnabled(); }
        @Override public void error(String message) { logger.error(message); }
        @Override public void error(String format, Object... arguments) { logger.error(format, arguments); }
        @Override public void error(String message, Throwable error) { logger.error(message, error); }
    }
}
