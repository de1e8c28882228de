package io.authstore.storage.jooq.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.JsonValue;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.policy.PolicyData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StorageExtension.class)
class PolicyDataRepositoryTest {

    private static PolicyData set(TestStorage storage, String json) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(s -> s.policyData().set(storage.clock(), storage.random(), JsonValue.parse(json)));
    }

    private static PolicyData latest(TestStorage storage) {
        return storage.read(s -> s.policyData().get());
    }

    @Test
    void getIsTheNewestSet(TestStorage storage) {
        assertThat(latest(storage)).isNull();
        PolicyData first = set(storage, "{\"version\": 1}");
        assertThat(first.createdAt()).isEqualTo(storage.clock().now());
        assertThat(latest(storage)).isEqualTo(first);
        PolicyData second = set(storage, "[\"a list this time\"]");
        assertThat(latest(storage)).isEqualTo(second);
        PolicyData third = set(storage, "\"just a string\"");
        assertThat(latest(storage)).isEqualTo(third);
        assertThat(latest(storage).data().asString()).contains("just a string");
    }

    @Test
    void dataRoundTripsTrickyJson(TestStorage storage) {
        String json = "{\"z\": {\"b\": [1.50, -2e-3, 1E+400, 0], \"a\": \"\\u2603 \u00e9\\n\"}, \"y\": null,"
                + " \"x\": [true, false, {}, []], \"k\": 1, \"k\": \"last wins\"}";
        PolicyData stored = set(storage, json);
        PolicyData found = latest(storage);
        assertThat(found).isEqualTo(stored);
        assertThat(found.data()).isEqualTo(JsonValue.parse(json));
        assertThat(found.data().get("k").flatMap(JsonValue::asString)).contains("last wins");
        assertThat(found.data().get("z").flatMap(z -> z.get("a")).flatMap(JsonValue::asString))
                .contains("\u2603 \u00e9\n");
        assertThat(found.data().text()).as("jsonb's spelling").startsWith("{\"k\": \"last wins\", \"x\": ");
    }

    @Test
    void pruneKeepsTheNewestRows(TestStorage storage) {
        List<PolicyData> versions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            versions.add(set(storage, "{\"version\": " + i + "}"));
        }
        assertThat(storage.<Long>saved(s -> s.policyData().prune(10))).isZero();
        assertThat(storage.<Long>saved(s -> s.policyData().prune(3))).isEqualTo(2);
        assertThat(storage.<Long>saved(s -> s.policyData().prune(3))).as("repeat").isZero();
        assertThat(latest(storage)).isEqualTo(versions.get(4));
        assertThat(storage.<Long>saved(s -> s.policyData().prune(1))).isEqualTo(2);
        assertThat(latest(storage)).isEqualTo(versions.get(4));
        assertThat(storage.<Long>saved(s -> s.policyData().prune(0))).isEqualTo(1);
        assertThat(latest(storage)).isNull();
        assertThat(storage.<Long>saved(s -> s.policyData().prune(0))).isZero();

        RepositorySession session = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> session.policyData().prune(-1).block(TestStorage.TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(session.policyData().get().block(TestStorage.TIMEOUT)).isNull();
        session.cancel().block(TestStorage.TIMEOUT);
    }

    @Test
    void invalidJsonIsRefusedBeforeItReachesTheDatabase() {
        for (String bad : List.of("", "{", "{\"a\": 1,}", "[1 2]", "01", "1.", "\"\\x\"", "nul", "{\"a\" 1}",
                "\"unterminated", "\"\\u0000\"", "\"a\u0000b\"", "\"\\ud800\"", "1 2", "{'a': 1}")) {
            assertThatThrownBy(() -> JsonValue.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(JsonValue.parse(" { } ")).isEqualTo(JsonValue.EMPTY_OBJECT);
        assertThat(JsonValue.parse("[1, 1.0, 10e-1]").equals(JsonValue.parse("[1, 1, 1]"))).isTrue();
        assertThat(JsonValue.parse("[1, 2]")).isNotEqualTo(JsonValue.parse("[2, 1]"));
        assertThat(JsonValue.string("a\"b\n").text()).isEqualTo("\"a\\\"b\\n\"");
        assertThat(JsonValue.parse("[0, -0, 0.0]").hashCode()).isEqualTo(JsonValue.parse("[0, 0, 0]").hashCode());
    }
}
