package io.authstore.storage.jooq;

import io.authstore.storage.Ulid;
import io.authstore.storage.users.ActivityRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.postgres.extensions.types.Inet;
import io.authstore.storage.Cleanup;
import java.time.Instant;
import org.jooq.ResultQuery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Batch activity and id-ordered locking for every session table with a ULID key, {@code last_active_at} and
 * {@code last_active_ip} (browser, OAuth 2.0, compatibility and personal sessions): one statement over three arrays,
 * its rows locked in id order first.
 */
public final class SessionActivity<R extends Record> {

    /** {@link #recordStatement()} per session table. */
    private static final Map<Table<?>, PreparedQuery<Record>> RECORD_STATEMENTS = new ConcurrentHashMap<>();

    private final Statements db;
    private final TableField<R, UUID> key;
    private final TableField<R, OffsetDateTime> lastActiveAt;
    private final TableField<R, Inet> lastActiveIp;

    public SessionActivity(Statements db, TableField<R, UUID> key, TableField<R, OffsetDateTime> lastActiveAt,
            TableField<R, Inet> lastActiveIp) {
        this.db = db;
        this.key = key;
        this.lastActiveAt = lastActiveAt;
        this.lastActiveIp = lastActiveIp;
    }

    /**
     * Records the activity in one statement: per session the latest time wins (never moving backwards) and the
     * address of its latest record that had one replaces the stored one; ids of missing sessions are skipped.
     */
    public Mono<Void> record(String operation, Collection<ActivityRecord> activity) {
        return Mono.defer(() -> {
            Map<Ulid, ActivityRecord> latest = new TreeMap<>();
            Map<Ulid, ActivityRecord> latestWithAddress = new TreeMap<>();
            for (ActivityRecord record : activity) {
                latest.merge(record.sessionId(), record, SessionActivity::later);
                if (record.ip().isPresent()) {
                    latestWithAddress.merge(record.sessionId(), record, SessionActivity::later);
                }
            }
            if (latest.isEmpty()) {
                return Mono.empty();
            }
            int size = latest.size();
            UUID[] ids = new UUID[size];
            OffsetDateTime[] times = new OffsetDateTime[size];
            String[] addresses = new String[size];
            int i = 0;
            for (Map.Entry<Ulid, ActivityRecord> entry : latest.entrySet()) {
                ids[i] = entry.getKey().toUuid();
                times[i] = entry.getValue().at().atOffset(ZoneOffset.UTC);
                ActivityRecord withAddress = latestWithAddress.get(entry.getKey());
                addresses[i] = withAddress == null ? null : withAddress.ip().orElseThrow().getHostAddress();
                i++;
            }
            return db.execute(operation, recordStatement().with(ids, times, addresses)).then();
        });
    }

    /**
     * The statement of {@link #record} on this table, the same for every batch: three arrays, each unnested WITH
     * ORDINALITY and joined on the position, so that each array's cast is evaluated once, where reading them by
     * position ({@code times[n]}) cast the whole bound array again for every row, a thousand times a thousand
     * timestamps parsed.
     */
    private PreparedQuery<Record> recordStatement() {
        return RECORD_STATEMENTS.computeIfAbsent(key.getTable(), table -> {
            Field<UUID[]> ids = DSL.param("ids", key.getDataType().getArrayDataType());
            Field<OffsetDateTime[]> times = DSL.param("times", lastActiveAt.getDataType().getArrayDataType());
            Field<String[]> addresses = DSL.param("addresses", SQLDataType.VARCHAR.getArrayDataType());
            Table<?> idRows = DSL.unnest(ids).withOrdinality().as("batch", "id", "n");
            Table<?> timeRows = DSL.unnest(times).withOrdinality().as("batch_time", "at", "n");
            Table<?> addressRows = DSL.unnest(addresses).withOrdinality().as("batch_address", "ip", "n");
            Field<Long> position = idRows.field("n", Long.class);
            CommonTableExpression<Record1<UUID>> locked = lockedInIdOrder(key.eq(DSL.any(ids)));
            return PreparedQuery.of(DSL.with(locked)
                    .update(table)
                    .set(lastActiveAt, DSL.greatest(lastActiveAt, timeRows.field("at", OffsetDateTime.class)))
                    .set(lastActiveIp, DSL.coalesce(
                            addressRows.field("ip", String.class).cast(lastActiveIp.getDataType()), lastActiveIp))
                    .from(idRows
                            .join(timeRows).on(timeRows.field("n", Long.class).eq(position))
                            .join(addressRows).on(addressRows.field("n", Long.class).eq(position)))
                    .where(key.eq(idRows.field("id", UUID.class)))
                    .and(isIn(locked)));
        });
    }

    private static ActivityRecord later(ActivityRecord a, ActivityRecord b) {
        return b.at().isAfter(a.at()) ? b : a;
    }

    /**
     * The rows matching {@code condition}, locked in id order first (a materialized CTE locks its rows as its sort
     * hands them over). Every batch that changes several sessions locks through this, so two batches over the same
     * sessions wait for each other instead of deadlocking, whatever order their plans would otherwise meet the rows
     * in (a scan meets them in storage order, which is not id order).
     */
    public CommonTableExpression<Record1<UUID>> lockedInIdOrder(Condition condition) {
        return DSL.name("locked").fields("id").asMaterialized(db.dsl().select(key)
                .from(key.getTable())
                .where(condition)
                .orderBy(key)
                .forNoKeyUpdate());
    }

    /** The key is one of the {@code locked} rows. */
    public Condition isIn(CommonTableExpression<Record1<UUID>> locked) {
        return key.in(DSL.select(locked.field("id", UUID.class)).from(locked));
    }

    /**
     * Forgets the addresses of up to {@code limit} sessions inactive since before {@code threshold} (and since
     * {@code since}, when given), oldest first, skipping rows other sessions hold; returns the batch and where the next
     * one starts.
     */
    public Mono<Cleanup> clearInactiveIps(String operation, Instant since, Instant threshold, int limit) {
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetch(operation,
                        inactiveIpsBatch(db.dsl(), key, lastActiveAt, lastActiveIp, since, threshold, limit))))
                .map(row -> Convert.instant(row.value1()))
                .collectList()
                .map(Cleanups::batch);
    }

    /**
     * The statement of one {@link #clearInactiveIps} batch on a session table with these columns (tests EXPLAIN
     * it).
     */
    public static <R extends Record> ResultQuery<Record1<OffsetDateTime>> inactiveIpsBatch(
            DSLContext dsl, TableField<R, UUID> key, TableField<R, OffsetDateTime> lastActiveAt,
            TableField<R, Inet> lastActiveIp, Instant since, Instant threshold, int limit) {
        return dsl.update(key.getTable())
                .setNull(lastActiveIp)
                .where(Cleanups.inBatch(key, dsl.select(key)
                        .from(key.getTable())
                        .where(lastActiveIp.isNotNull())
                        .and(lastActiveAt.isNotNull())
                        .and(Cleanups.window(lastActiveAt, since, threshold))
                        .orderBy(lastActiveAt, key)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked()))
                .returningResult(lastActiveAt);
    }
}
