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
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.policy.PolicyData;
import io.authstore.storage.policy.PolicyDataRepository;
import java.time.Instant;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqPolicyDataRepository implements PolicyDataRepository {

    private static final String TABLE = "policy_data";

    private final Statements db;
    private final DSLContext dsl;

    public JooqPolicyDataRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // Both of fixed shape: rendered once (PreparedQuery), their values bound per call.
    private static final PreparedQuery<PolicyDataRecord> NEWEST = PreparedQuery.of(DSL.selectFrom(POLICY_DATA)
            .orderBy(POLICY_DATA.POLICY_DATA_ID.desc())
            .limit(1));
    private static final PreparedQuery<PolicyDataRecord> SET = PreparedQuery.of(PreparedQuery.insertInto(POLICY_DATA,
            POLICY_DATA.POLICY_DATA_ID, POLICY_DATA.CREATED_AT, POLICY_DATA.DATA)
            .returning());

    @Override
    public Mono<PolicyData> get() {
        return Mono.defer(() -> db.fetchOptional("db.policy_data.get", NEWEST.with()))
                .map(JooqPolicyDataRepository::policyData);
    }

    @Override
    public Mono<PolicyData> set(Clock clock, RandomSource random, JsonValue data) {
        Objects.requireNonNull(data, "data");
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.policy_data.set",
                            SET.with(uuid(id), timestamp(now), JsonColumns.jsonb(data)), POLICY_DATA.POLICY_DATA_ID, id)
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
