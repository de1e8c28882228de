package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.JsonValue;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.queue.QueuedJob;
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
        // in jsonb's canonical spelling already
        List<String> canonicalDocuments = List.of(
                "{}", "[]", "null", "true", "0", "\"text\"",
                // jsonb keeps numbers as written, beyond double precision
                "12345678901234567890.123456789012345678901234567890",
                "{\"a\": 1, \"bb\": [1, 2.50, {\"c\": null}], \"ddd\": \"é \\\" \\\\ \\n \\t \uD83D\uDE00\"}",
                "{\"nested\": {\"deeper\": {\"deepest\": [[[]]]}}}");
        List<String> documents = new java.util.ArrayList<>(canonicalDocuments);
        documents.addAll(List.of(
                // an exponent jsonb writes out; escapes it decodes; other key order, a repeated key, whitespace
                "-1.5e+300",
                "\"\\u0001 control and \\u00e9 escaped\"",
                "{ \"zz\" : 1e2 , \"a\" : [ 1.0 ] , \"zz\" : -0.50 }"));
        for (String text : documents) {
            JsonValue json = JsonValue.parse(text);
            Ulid id = storage.saved(s -> s.queueJob().schedule(storage.clock(), storage.random(), "q", json, json));
            var stored = storage.read(s -> s.queueJob().lookup(id));
            // the same JSON value, whatever the spelling
            assertThat(stored.payload()).as(text).isEqualTo(json);
            assertThat(stored.metadata()).as(text).isEqualTo(json);
            String payload = stored.payload().text();
            // jsonb's canonical spelling of what was sent: equal to it when it was canonical already
            String canonical = storage.sql().select(org.jooq.impl.DSL.val(org.jooq.JSONB.valueOf(text))).fetchOne()
                    .value1().data();
            assertThat(payload).as(text).isEqualTo(canonical);
            assertThat(stored.metadata().text()).isEqualTo(canonical);
        }
        // the canonical documents come back character for character
        for (String text : canonicalDocuments) {
            JsonValue canonical = JsonValue.parse(text);
            Ulid id = storage.saved(s -> s.queueJob().schedule(storage.clock(), storage.random(), "q", canonical,
                    canonical));
            QueuedJob stored = storage.read(s -> s.queueJob().lookup(id));
            assertThat(stored.payload()).isEqualTo(canonical);
            assertThat(stored.payload().text()).isEqualTo(text);
            assertThat(stored.metadata().text()).isEqualTo(text);
        }
    }

    @Test
    void invalidJsonIsRefusedSayingWhere(TestStorage storage) {
        assertThatThrownBy(() -> JsonValue.parse("{\"a\": 1,}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not valid JSON at offset 8 of 9: an object key (a string) was expected");
        assertThatThrownBy(() -> JsonValue.parse("{\"a\": 1} trailing"))
                .hasMessage("not valid JSON at offset 9 of 17: unexpected character after the value");
        assertThatThrownBy(() -> JsonValue.parse("")).hasMessageContaining("the text ended");
        assertThatThrownBy(() -> JsonValue.parse("[01]")).hasMessageContaining("',' or ']' was expected");
        assertThatThrownBy(() -> JsonValue.parse("'single'"))
                .hasMessage("not valid JSON at offset 0 of 8: unexpected character where a value was expected");
        assertThatThrownBy(() -> JsonValue.parse("\"\\u0000\""))
                .hasMessageContaining("\\u0000, which jsonb cannot hold");
        assertThatThrownBy(() -> JsonValue.parse("\"a\u0000b\"")).hasMessageContaining("NUL character");
        assertThatThrownBy(() -> JsonValue.parse("[".repeat(600) + "]".repeat(600)))
                .hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> JsonValue.parse("\"\\ud800\"")).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> JsonValue.parse("1e131072")).hasMessageContaining("which jsonb cannot hold");
        assertThat(storage.sql().fetchCount(QUEUE_JOBS)).isZero();
    }

    @Test
    void badQueueNamesAreRefusedAndTheSessionStaysUsable(TestStorage storage) {
        Worker worker = storage.saved(s -> s.queueWorker().register(storage.clock(), storage.random()));
        for (String bad : new String[] {"", "  ", "a\u0000b"}) {
            assertThatThrownBy(() -> storage.saved(s -> s.queueJob().schedule(storage.clock(), storage.random(), bad,
                    JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("queueName");
            assertThatThrownBy(() -> storage.saved(s -> s.queueJob().reserve(storage.clock(), worker, List.of(bad), 1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> storage.saved(s -> s.queueJob().scheduleLater(storage.clock(), storage.random(), "q",
                JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT, storage.clock().now(), Optional.of("a\u0000"))))
                .hasMessageContaining("scheduleName");
        assertThatThrownBy(() -> storage.saved(s -> s.queueSchedule().setup(List.of("x\u0000"))))
                .hasMessageContaining("scheduleName");

        // a refusal leaves the session usable
        Ulid id = storage.saved(s -> s.queueJob()
                .schedule(storage.clock(), storage.random(), "", JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT)
                .onErrorResume(IllegalArgumentException.class, e -> Mono.empty())
                .then(s.queueJob().schedule(storage.clock(), storage.random(), "q", JsonValue.EMPTY_OBJECT,
                        JsonValue.EMPTY_OBJECT)));
        assertThat(storage.read(s -> s.queueJob().lookup(id)).queueName()).isEqualTo("q");
    }

    @Test
    void aFailureReasonWithANulIsRefused(TestStorage storage) {
        Worker worker = storage.saved(s -> s.queueWorker().register(storage.clock(), storage.random()));
        Ulid id = storage.saved(s -> s.queueJob().schedule(storage.clock(), storage.random(), "q",
                JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT));
        storage.saved(s -> s.queueJob().reserve(storage.clock(), worker, List.of("q"), 1));
        assertThatThrownBy(() -> storage.saved(s -> s.queueJob().markAsFailed(storage.clock(), id, "bad\u0000")))
                .hasMessageContaining("reason");
    }
}
