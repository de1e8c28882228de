package io.authstore.storage.jooq.queue;

import io.authstore.storage.jooq.Text;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The handler of each queue a worker serves, by queue name. Filled before the worker starts; read-only after. */
public final class JobHandlers {

    private final Map<String, JobHandler> handlers = Collections.synchronizedMap(new LinkedHashMap<>());

    /** Adds the handler of {@code queueName}; a queue has one handler. */
    public JobHandlers register(String queueName, JobHandler handler) {
        checkName(queueName);
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(queueName, handler) != null) {
            throw new IllegalArgumentException("queue '" + queueName + "' already has a handler");
        }
        return this;
    }

    /** The handler of {@code queueName}; {@code IllegalArgumentException} naming the known queues when none. */
    public JobHandler handler(String queueName) {
        JobHandler handler = handlers.get(queueName);
        if (handler == null) {
            throw new IllegalArgumentException("no handler for queue '" + queueName + "'; this worker handles "
                    + queues());
        }
        return handler;
    }

    public boolean handles(String queueName) {
        return handlers.containsKey(queueName);
    }

    /** The queues with a handler, in the order they were registered. */
    public List<String> queues() {
        synchronized (handlers) {
            return List.copyOf(handlers.keySet());
        }
    }

    static void checkName(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        if (queueName.isBlank()) {
            throw new IllegalArgumentException("a queue name must not be empty or blank");
        }
        if (Text.hasNul(queueName)) {
            throw new IllegalArgumentException("queueName contains a NUL character (U+0000)");
        }
    }
}
