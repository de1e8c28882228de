package io.authstore.storage.jooq.upstream;

import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS;
import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_LINKS;
import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_PROVIDERS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalUlid;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UpstreamOauthLinksRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.upstream.UpstreamOAuthLink;
import io.authstore.storage.upstream.UpstreamOAuthLinkFilter;
import io.authstore.storage.upstream.UpstreamOAuthLinkRepository;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DeleteResultStep;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.RowCountQuery;
import org.jooq.Select;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqUpstreamOAuthLinkRepository implements UpstreamOAuthLinkRepository {

    private static final String TABLE = "upstream_oauth_links";
    private static final char LIKE_ESCAPE = '!';

    private final Statements db;
    private final DSLContext dsl;

    public JooqUpstreamOAuthLinkRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // Every upstream login reads its link by subject and may add one: rendered once, bound per call.
    private static final PreparedQuery<UpstreamOauthLinksRecord> BY_ID =
            PreparedQuery.lookup(UPSTREAM_OAUTH_LINKS, UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_LINK_ID);
    private static final PreparedQuery<UpstreamOauthLinksRecord> BY_SUBJECT = PreparedQuery.of(
            DSL.selectFrom(UPSTREAM_OAUTH_LINKS)
                    .where(PreparedQuery.eqValue(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_PROVIDER_ID))
                    .and(PreparedQuery.eqValue(UPSTREAM_OAUTH_LINKS.SUBJECT)));
    private static final PreparedQuery<UpstreamOauthLinksRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(UPSTREAM_OAUTH_LINKS,
                    UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_LINK_ID, UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_PROVIDER_ID,
                    UPSTREAM_OAUTH_LINKS.SUBJECT, UPSTREAM_OAUTH_LINKS.HUMAN_ACCOUNT_NAME,
                    UPSTREAM_OAUTH_LINKS.CREATED_AT)
                    .onConflict(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_PROVIDER_ID, UPSTREAM_OAUTH_LINKS.SUBJECT)
                    .doNothing()
                    .returning());

    @Override
    public Mono<UpstreamOAuthLink> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.upstream_oauth_link.lookup", BY_ID.with(uuid(id))))
                .map(JooqUpstreamOAuthLinkRepository::link);
    }

    @Override
    public Mono<UpstreamOAuthLink> findBySubject(UpstreamOAuthProvider provider, String subject) {
        if (Text.hasNul(subject)) {
            return Text.refused("subject");
        }
        return Mono.defer(() -> db.fetchOptional("db.upstream_oauth_link.find_by_subject",
                        BY_SUBJECT.with(uuid(provider.id()), subject)))
                .map(JooqUpstreamOAuthLinkRepository::link);
    }

    @Override
    public Mono<UpstreamOAuthLink> add(Clock clock, RandomSource random, UpstreamOAuthProvider provider,
            String subject, Optional<String> humanAccountName) {
        Objects.requireNonNull(subject, "subject");
        if (Text.hasNul(subject)) {
            return Text.refused("subject");
        }
        if (Text.hasNul(humanAccountName.orElse(null))) {
            return Text.refused("humanAccountName");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            // ON CONFLICT DO NOTHING: a taken subject is reported without aborting the transaction.
            return db.fetchOptional("db.upstream_oauth_link.add", ADD.with(uuid(id), uuid(provider.id()), subject,
                            humanAccountName.orElse(null), timestamp(now)))
                    .map(JooqUpstreamOAuthLinkRepository::link)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(TABLE,
                            "upstream_oauth_links_subject_unique",
                            "provider " + provider.id() + " already has a link for this subject")));
        });
    }

    private static final PreparedQuery<UpstreamOauthLinksRecord> ASSOCIATE_TO_USER = PreparedQuery.of(
            DSL.update(UPSTREAM_OAUTH_LINKS)
                    .set(UPSTREAM_OAUTH_LINKS.USER_ID, PreparedQuery.value(UPSTREAM_OAUTH_LINKS.USER_ID))
                    .where(PreparedQuery.eqValue(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_LINK_ID))
                    .returning());

    @Override
    public Mono<UpstreamOAuthLink> associateToUser(UpstreamOAuthLink link, User user) {
        return Mono.defer(() -> db.changeReturning("db.upstream_oauth_link.associate_to_user",
                        ASSOCIATE_TO_USER.with(uuid(user.id()), uuid(link.id())), TABLE, link.id()))
                .map(JooqUpstreamOAuthLinkRepository::link);
    }

    @Override
    public Mono<Page<UpstreamOAuthLink>> list(UpstreamOAuthLinkFilter filter, Pagination pagination) {
        String refused = refusedField(filter);
        if (refused != null) {
            return Text.refused(refused);
        }
        return db.fetchPage("db.upstream_oauth_link.list", dsl.selectFrom(UPSTREAM_OAUTH_LINKS)
                                .where(condition(filter)),
                        UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_LINK_ID,
                        UpstreamOauthLinksRecord::getUpstreamOauthLinkId,
                        pagination)
                .map(page -> page.map(JooqUpstreamOAuthLinkRepository::link));
    }

    @Override
    public Mono<Long> count(UpstreamOAuthLinkFilter filter) {
        String refused = refusedField(filter);
        if (refused != null) {
            return Text.refused(refused);
        }
        return db.count("db.upstream_oauth_link.count", UPSTREAM_OAUTH_LINKS, condition(filter));
    }

    private static String refusedField(UpstreamOAuthLinkFilter filter) {
        if (Text.hasNul(filter.subject().orElse(null))) {
            return "filter subject";
        }
        if (Text.hasNul(filter.humanAccountName().orElse(null))) {
            return "filter humanAccountName";
        }
        return null;
    }

    // Rendered once: the two statements of remove.
    private static final PreparedQuery<Record> UNLINK_SESSIONS = PreparedQuery.of(
            DSL.update(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS)
                    .setNull(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.UPSTREAM_OAUTH_LINK_ID)
                    .set(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.UNLINKED_AT,
                            PreparedQuery.value(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.UNLINKED_AT))
                    .where(PreparedQuery.eqValue(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.UPSTREAM_OAUTH_LINK_ID)));
    private static final PreparedQuery<Record> DELETE = PreparedQuery.of(DSL.deleteFrom(UPSTREAM_OAUTH_LINKS)
            .where(PreparedQuery.eqValue(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_LINK_ID)));

    @Override
    public Mono<Void> remove(Clock clock, UpstreamOAuthLink link) {
        String operation = "db.upstream_oauth_link.remove";
        // The sessions that resolved to the link keep their history, marked unlinked, then the link goes.
        return Mono.defer(() -> db.execute(operation,
                        UNLINK_SESSIONS.with(timestamp(clock.now()), uuid(link.id())))
                .then(db.executeExactlyOne(operation, DELETE.with(uuid(link.id())), TABLE, link.id())));
    }

    @Override
    public Mono<Cleanup> cleanupOrphaned(Instant since, Instant until, int limit) {
        String operation = "db.upstream_oauth_link.cleanup_orphaned";
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetchLocking(operation, orphanedBatch(dsl, since, until, limit))))
                .map(Record1::value1)
                .collectList()
                .flatMap(ids -> ids.isEmpty() ? Mono.just(Cleanup.NOTHING) : deleteOrphaned(operation, ids));
    }

    /**
     * The batch {@link #cleanupOrphaned} deletes, locked: links without a user, created in {@code [since, until)},
     * oldest first. The partial index on the id of links without a user serves the range, the order and the limit.
     */
    static Select<Record1<UUID>> orphanedBatch(DSLContext dsl, Instant since, Instant until, int limit) {
        return dsl.select(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_LINK_ID)
                .from(UPSTREAM_OAUTH_LINKS)
                .where(UPSTREAM_OAUTH_LINKS.USER_ID.isNull())
                .and(createdIn(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_LINK_ID, since, until))
                .orderBy(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_LINK_ID)
                .limit(limit)
                .forUpdate()
                .skipLocked();
    }

    /** Ids created in {@code [since, until)} ({@code since} null: from the beginning), by their ULID time. */
    static Condition createdIn(org.jooq.Field<UUID> key, Instant since, Instant until) {
        Objects.requireNonNull(until, "until");
        Condition created = key.lt(uuid(Ulid.createdAtOrAfter(until)));
        return since == null ? created : created.and(key.ge(uuid(Ulid.createdAtOrAfter(since))));
    }

    private Mono<Cleanup> deleteOrphaned(String operation, List<UUID> ids) {
        UUID[] batch = ids.toArray(UUID[]::new);
        return db.execute(operation, deleteSessionsOf(dsl, batch))
                .then(db.fetch(operation, deleteBatch(dsl, batch))
                        .map(row -> ulid(row.value1()).timestamp())
                        .collectList())
                .map(Cleanups::batch);
    }

    /** The authorization sessions that resolved to the batch's links (through the index on their link). */
    static RowCountQuery deleteSessionsOf(DSLContext dsl, UUID[] links) {
        return dsl.deleteFrom(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS)
                .where(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.UPSTREAM_OAUTH_LINK_ID.eq(DSL.any(links)));
    }

    /** The batch's links, by primary key. */
    static DeleteResultStep<Record1<UUID>> deleteBatch(DSLContext dsl, UUID[] links) {
        return dsl.deleteFrom(UPSTREAM_OAUTH_LINKS)
                .where(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_LINK_ID.eq(DSL.any(links)))
                .returningResult(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_LINK_ID);
    }

    /** The one place an {@link UpstreamOAuthLinkFilter} becomes SQL: list and count share it. */
    static Condition condition(UpstreamOAuthLinkFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.userId().isPresent()) {
            condition = condition.and(UPSTREAM_OAUTH_LINKS.USER_ID.eq(uuid(filter.userId().get())));
        }
        if (filter.providerId().isPresent()) {
            condition = condition.and(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_PROVIDER_ID.eq(uuid(filter.providerId().get())));
        }
        if (filter.providerEnabled().isPresent()) {
            condition = condition.and(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_PROVIDER_ID.in(
                    DSL.select(UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID)
                            .from(UPSTREAM_OAUTH_PROVIDERS)
                            .where(filter.providerEnabled().get()
                                    ? UPSTREAM_OAUTH_PROVIDERS.DISABLED_AT.isNull()
                                    : UPSTREAM_OAUTH_PROVIDERS.DISABLED_AT.isNotNull())));
        }
        if (filter.subject().isPresent()) {
            condition = condition.and(UPSTREAM_OAUTH_LINKS.SUBJECT.eq(filter.subject().get()));
        }
        if (filter.humanAccountName().isPresent()) {
            String pattern = "%" + DSL.escape(filter.humanAccountName().get(), LIKE_ESCAPE) + "%";
            condition = condition.and(UPSTREAM_OAUTH_LINKS.HUMAN_ACCOUNT_NAME.likeIgnoreCase(pattern, LIKE_ESCAPE));
        }
        return condition;
    }

    static UpstreamOAuthLink link(UpstreamOauthLinksRecord row) {
        return new UpstreamOAuthLink(
                ulid(row.getUpstreamOauthLinkId()),
                ulid(row.getUpstreamOauthProviderId()),
                optionalUlid(row.getUserId()),
                row.getSubject(),
                Optional.ofNullable(row.getHumanAccountName()),
                instant(row.getCreatedAt()));
    }
}
