package io.authstore.storage.jooq.policy;

import static io.authstore.snapshot.Tables.POLICY_DATA;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.PolicyDataRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.JsonValue;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.JsonColumns;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.policy.PolicyData;
import io.authstore.storage.policy.PolicyDataRepository;
import java.time.Instant;
import java.util.Objects;
import org.jooq.DSLContext;
import reactor.core.publisher.Mono;

public final class JooqPolicyDataRepository implements PolicyDataRepository {

    private static final String TABLE = "policy_data";

    private final Statements db;
    private final DSLContext dsl;

    public JooqPolicyDataRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    @Override
    public Mono<PolicyData> get() {
        return db.fetchOptional("db.policy_data.get", dsl.selectFrom(POLICY_DATA)
                        .orderBy(POLICY_DATA.POLICY_DATA_ID.desc())
                        .limit(1))
                .map(JooqPolicyDataRepository::policyData);
    }

    @Override
    public Mono<PolicyData> set(Clock clock, RandomSource random, JsonValue data) {
        Objects.requireNonNull(data, "data");
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.policy_data.set", dsl.insertInto(POLICY_DATA)
                            .set(POLICY_DATA.POLICY_DATA_ID, uuid(id))
                            .set(POLICY_DATA.CREATED_AT, timestamp(now))
                            .set(POLICY_DATA.DATA, JsonColumns.jsonb(data))
                            .returning(), POLICY_DATA.POLICY_DATA_ID, id)
                    .map(JooqPolicyDataRepository::policyData);
        });
    }

    @Override
    public Mono<Long> prune(int keep) {
        if (keep < 0) {
            return Mono.error(() -> new IllegalArgumentException("prune keeps 0 or more versions, not " + keep));
        }
        // Every row but the newest `keep`, which the primary key's index hands over in order.
        return Mono.defer(() -> db.execute("db.policy_data.prune", dsl.deleteFrom(POLICY_DATA)
                        .where(POLICY_DATA.POLICY_DATA_ID.notIn(dsl.select(POLICY_DATA.POLICY_DATA_ID)
                                .from(POLICY_DATA)
                                .orderBy(POLICY_DATA.POLICY_DATA_ID.desc())
                                .limit(keep)))))
                .map(Integer::longValue);
    }

    static PolicyData policyData(PolicyDataRecord row) {
        Ulid id = ulid(row.getPolicyDataId());
        return new PolicyData(id, instant(row.getCreatedAt()), JsonColumns.value(row.getData(), TABLE, "data", id));
    }
}
