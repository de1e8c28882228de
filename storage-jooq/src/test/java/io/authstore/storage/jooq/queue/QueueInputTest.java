package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.queue.Json;
import io.authstore.storage.queue.Worker;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/** Payloads round-trip exactly; bad input is refused with a clear error before it reaches the database. */
@ExtendWith(StorageExtension.class)
class QueueInputTest {

    @Test
    void payloadAndMetadataRoundTripExactly(TestStorage storage) {
        List<String> documents = List.of(
                "{}", "[]", "null", "true", "0", "-1.5e+300", "\"text\"",
                // jsonb keeps numbers as written, beyond double precision
                "12345678901234567890.123456789012345678901234567890",
                "{\"a\": 1, \"bb\": [1, 2.50, {\"c\": null}], \"ddd\": \"é \\\" \\\\ \\n \\t \uD83D\uDE00\"}",
                "{\"nested\": {\"deeper\": {\"deepest\": [[[]]]}}}",
                "\"\\u0001 control and \\u00e9 escaped\"");
        for (String text : documents) {
            Json json = Json.of(text);
            Ulid id = storage.saved(s -> s.queueJob().schedule(storage.clock(), storage.random(), "q", json, json));
            var stored = storage.read(s -> s.queueJob().lookup(id));
            String payload = stored.payload().text();
            // jsonb's canonical spelling of what was sent: equal to it when it was canonical already
            String canonical = storage.sql().select(org.jooq.impl.DSL.val(org.jooq.JSONB.valueOf(text))).fetchOne()
                    .value1().data();
            assertThat(payload).as(text).isEqualTo(canonical);
            assertThat(stored.metadata().text()).isEqualTo(canonical);
        }
        // the documents above except the escape-normalised last one are canonical: they come back character for
        // character
        Json canonical = Json.of(documents.get(8));
        Ulid id = storage.saved(s -> s.queueJob().schedule(storage.clock(), storage.random(), "q", canonical,
                canonical));
        assertThat(storage.read(s -> s.queueJob().lookup(id)).payload()).isEqualTo(canonical);
    }

    @Test
    void invalidJsonIsRefusedSayingWhere(TestStorage storage) {
        assertThatThrownBy(() -> Json.of("{\"a\": 1,}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not valid JSON at offset 8 of 9: an object key (a string) was expected");
        assertThatThrownBy(() -> Json.of("{\"a\": 1} trailing")).hasMessageContaining("after the value");
        assertThatThrownBy(() -> Json.of("")).hasMessageContaining("the text ended");
        assertThatThrownBy(() -> Json.of("[01]")).hasMessageContaining("',' or ']' was expected");
        assertThatThrownBy(() -> Json.of("'single'")).hasMessageContaining("unexpected '''");
        assertThatThrownBy(() -> Json.of("\"\\u0000\"")).hasMessageContaining("\\u0000, which jsonb cannot hold");
        assertThatThrownBy(() -> Json.of("\"a\u0000b\"")).hasMessageContaining("NUL character");
        assertThatThrownBy(() -> Json.of("[".repeat(600) + "]".repeat(600))).hasMessageContaining("nested deeper");
        assertThat(storage.sql().fetchCount(QUEUE_JOBS)).isZero();
    }

    @Test
    void badQueueNamesAreRefusedAndTheSessionStaysUsable(TestStorage storage) {
        Worker worker = storage.saved(s -> s.queueWorker().register(storage.clock(), storage.random()));
        for (String bad : new String[] {"", "  ", "a\u0000b"}) {
            assertThatThrownBy(() -> storage.saved(s -> s.queueJob().schedule(storage.clock(), storage.random(), bad,
                    Json.EMPTY_OBJECT, Json.EMPTY_OBJECT)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("queueName");
            assertThatThrownBy(() -> storage.saved(s -> s.queueJob().reserve(storage.clock(), worker, List.of(bad), 1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> storage.saved(s -> s.queueJob().scheduleLater(storage.clock(), storage.random(), "q",
                Json.EMPTY_OBJECT, Json.EMPTY_OBJECT, storage.clock().now(), Optional.of("a\u0000"))))
                .hasMessageContaining("scheduleName");
        assertThatThrownBy(() -> storage.saved(s -> s.queueSchedule().setup(List.of("x\u0000"))))
                .hasMessageContaining("scheduleName");

        // a refusal leaves the session usable
        Ulid id = storage.saved(s -> s.queueJob()
                .schedule(storage.clock(), storage.random(), "", Json.EMPTY_OBJECT, Json.EMPTY_OBJECT)
                .onErrorResume(IllegalArgumentException.class, e -> Mono.empty())
                .then(s.queueJob().schedule(storage.clock(), storage.random(), "q", Json.EMPTY_OBJECT,
                        Json.EMPTY_OBJECT)));
        assertThat(storage.read(s -> s.queueJob().lookup(id)).queueName()).isEqualTo("q");
    }

    @Test
    void aFailureReasonWithANulIsRefused(TestStorage storage) {
        Worker worker = storage.saved(s -> s.queueWorker().register(storage.clock(), storage.random()));
        Ulid id = storage.saved(s -> s.queueJob().schedule(storage.clock(), storage.random(), "q", Json.EMPTY_OBJECT,
                Json.EMPTY_OBJECT));
        storage.saved(s -> s.queueJob().reserve(storage.clock(), worker, List.of("q"), 1));
        assertThatThrownBy(() -> storage.saved(s -> s.queueJob().markAsFailed(storage.clock(), id, "bad\u0000")))
                .hasMessageContaining("reason");
    }
}
