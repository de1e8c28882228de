package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The check's bookkeeping of when each connection went back to the pool; what it does with a connection that stopped
 * answering is covered against a real server by {@code SilentNetworkTest}.
 */
class IdleConnectionCheckTest {

    /** A connection that answers nothing but validate(), and counts those. */
    private static Connection connection(AtomicInteger validations) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "validate" -> {
                        assertThat(args[0]).isEqualTo(ValidationDepth.REMOTE);
                        validations.incrementAndGet();
                        yield Mono.just(true);
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aConnectionIdleForLongerThanTheThresholdIsValidatedOnceWhenHandedOut() throws InterruptedException {
        AtomicInteger validations = new AtomicInteger();
        Connection connection = connection(validations);
        IdleConnectionCheck check = new IdleConnectionCheck(Duration.ofMillis(5), Duration.ofSeconds(1),
                Duration.ofMinutes(10));

        check.check(connection).block(); // new: handed out unchecked
        check.returned(connection);
        check.check(connection).block(); // in steady use
        check.returned(connection);
        Thread.sleep(20);
        check.check(connection).block(); // idle for longer than 5 ms
        check.check(connection).block(); // handed out again without being returned: nothing to go by

        assertThat(validations).hasValue(1);
    }

    @Test
    void entriesOfConnectionsThePoolClosedWhileIdleAreForgotten() throws InterruptedException {
        AtomicInteger validations = new AtomicInteger();
        Connection closedByThePool = connection(validations);
        Connection other = connection(validations);
        // the pool closes a connection idle for longer than 10 ms: older entries stand for connections it closed
        IdleConnectionCheck check = new IdleConnectionCheck(Duration.ofMillis(1), Duration.ofSeconds(1),
                Duration.ofMillis(10));

        check.returned(closedByThePool);
        Thread.sleep(50);
        check.returned(other); // a return after twice the pool's idle time forgets the entries older than that

        check.check(closedByThePool).block();
        assertThat(validations).as("a forgotten connection counts as new").hasValue(0);
        Thread.sleep(5);
        check.check(other).block();
        assertThat(validations).hasValue(1);
    }
}
