package io.authstore.storage.jooq.policy;

import static io.authstore.snapshot.Tables.POLICY_DATA;
import static io.authstore.storage.jooq.testing.TestStorage.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.JsonValue;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.policy.PolicyData;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MAS's policy-data test ({@code crates/storage-pg/src/policy_data.rs}), with every one of its assertions. */
@ExtendWith(StorageExtension.class)
class MasPolicyDataTests {

    /** MAS: {@code test_policy_data}. */
    @Test
    void testPolicyData(TestStorage storage) {
        RepositorySession repo = await(storage.factory().open());
        var clock = storage.clock();
        var rng = storage.random();

        assertThat(await(repo.policyData().get())).isNull();

        JsonValue value1 = JsonValue.parse("{\"hello\": \"world\"}");
        PolicyData policyData1 = await(repo.policyData().set(clock, rng, value1));
        assertThat(policyData1.data()).isEqualTo(value1);
        PolicyData dataFetched1 = await(repo.policyData().get());
        assertThat(dataFetched1).isEqualTo(policyData1);

        clock.advance(Duration.ofSeconds(1));

        JsonValue value2 = JsonValue.parse("{\"foo\": \"bar\"}");
        PolicyData policyData2 = await(repo.policyData().set(clock, rng, value2));
        assertThat(policyData2.data()).isEqualTo(value2);
        PolicyData dataFetched2 = await(repo.policyData().get());
        assertThat(dataFetched2).isEqualTo(policyData2);

        long affected = await(repo.policyData().prune(1));
        PolicyData dataFetched3 = await(repo.policyData().get());
        assertThat(dataFetched3).isEqualTo(policyData2);
        assertThat(affected).isEqualTo(1);

        // MAS counts the rows on the same connection; here the session is saved first, then counted outside it.
        await(repo.save());
        assertThat(storage.sql().fetchCount(POLICY_DATA)).isEqualTo(1);
    }
}
