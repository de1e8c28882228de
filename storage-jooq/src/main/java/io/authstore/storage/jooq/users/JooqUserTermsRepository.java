package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_TERMS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UserTermsRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserTerms;
import io.authstore.storage.users.UserTermsRepository;
import java.time.Instant;
import java.util.UUID;
import org.jooq.Param;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqUserTermsRepository implements UserTermsRepository {

    private static final String TABLE = "user_terms";

    private final Statements db;

    public JooqUserTermsRepository(Statements statements) {
        this.db = statements;
    }

    // Rendered once (PreparedQuery). Only a conflict on (user, URL) means "already accepted"; any other would still
    // be an error. DO NOTHING keeps the transaction alive, then the first acceptance is read back.
    private static final Param<UUID> USER_ID = PreparedQuery.value(USER_TERMS.USER_ID);
    private static final Param<String> TERMS_URL = PreparedQuery.value(USER_TERMS.TERMS_URL);
    private static final PreparedQuery<UserTermsRecord> ACCEPT = PreparedQuery.of(DSL.insertInto(USER_TERMS)
            .set(USER_TERMS.USER_TERMS_ID, PreparedQuery.value(USER_TERMS.USER_TERMS_ID))
            .set(USER_TERMS.USER_ID, USER_ID)
            .set(USER_TERMS.TERMS_URL, TERMS_URL)
            .set(USER_TERMS.CREATED_AT, PreparedQuery.value(USER_TERMS.CREATED_AT))
            .onConflict(USER_TERMS.USER_ID, USER_TERMS.TERMS_URL)
            .doNothing()
            .returning());
    private static final PreparedQuery<UserTermsRecord> ACCEPTED = PreparedQuery.of(DSL.selectFrom(USER_TERMS)
            .where(USER_TERMS.USER_ID.eq(USER_ID))
            .and(USER_TERMS.TERMS_URL.eq(TERMS_URL)));

    @Override
    public Mono<UserTerms> acceptTerms(Clock clock, RandomSource random, User user, String termsUrl) {
        if (Text.hasNul(termsUrl)) {
            return Text.refused("termsUrl");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchOptional("db.user_terms.accept_terms",
                            ACCEPT.with(uuid(id), uuid(user.id()), termsUrl, timestamp(now)))
                    .switchIfEmpty(Mono.defer(() -> db.fetchOptional("db.user_terms.accept_terms",
                            ACCEPTED.with(uuid(user.id()), termsUrl))))
                    .map(JooqUserTermsRepository::userTerms)
                    // Neither inserted nor found: the conflicting row was deleted in between (e.g. with its user).
                    .switchIfEmpty(Mono.error(() -> new NotAffectedException("db.user_terms.accept_terms", TABLE, id, 0)));
        });
    }

    private static final PreparedQuery<UserTermsRecord> ALL_OF_USER = PreparedQuery.of(DSL.selectFrom(USER_TERMS)
            .where(USER_TERMS.USER_ID.eq(USER_ID))
            .orderBy(USER_TERMS.USER_TERMS_ID.asc()));

    @Override
    public Flux<UserTerms> all(User user) {
        return Flux.defer(() -> db.fetch("db.user_terms.all", ALL_OF_USER.with(uuid(user.id()))))
                .map(JooqUserTermsRepository::userTerms);
    }

    static UserTerms userTerms(UserTermsRecord row) {
        return new UserTerms(ulid(row.getUserTermsId()), ulid(row.getUserId()), row.getTermsUrl(),
                instant(row.getCreatedAt()));
    }
}
