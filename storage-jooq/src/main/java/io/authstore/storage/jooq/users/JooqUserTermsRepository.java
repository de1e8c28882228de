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
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserTerms;
import io.authstore.storage.users.UserTermsRepository;
import java.time.Instant;
import org.jooq.DSLContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqUserTermsRepository implements UserTermsRepository {

    private static final String TABLE = "user_terms";

    private final Statements db;
    private final DSLContext dsl;

    public JooqUserTermsRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    @Override
    public Mono<UserTerms> acceptTerms(Clock clock, RandomSource random, User user, String termsUrl) {
        if (Text.hasNul(termsUrl)) {
            return Text.refused("termsUrl");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            // Only a conflict on (user, URL) means "already accepted"; any other would still be an error. DO NOTHING
            // keeps the transaction alive, then the first acceptance is read back.
            return db.fetchOptional("db.user_terms.accept_terms", dsl.insertInto(USER_TERMS)
                            .set(USER_TERMS.USER_TERMS_ID, uuid(id))
                            .set(USER_TERMS.USER_ID, uuid(user.id()))
                            .set(USER_TERMS.TERMS_URL, termsUrl)
                            .set(USER_TERMS.CREATED_AT, timestamp(now))
                            .onConflict(USER_TERMS.USER_ID, USER_TERMS.TERMS_URL)
                            .doNothing()
                            .returning())
                    .switchIfEmpty(Mono.defer(() -> db.fetchOptional("db.user_terms.accept_terms", dsl
                            .selectFrom(USER_TERMS)
                            .where(USER_TERMS.USER_ID.eq(uuid(user.id())))
                            .and(USER_TERMS.TERMS_URL.eq(termsUrl)))))
                    .map(JooqUserTermsRepository::userTerms)
                    // Neither inserted nor found: the conflicting row was deleted in between (e.g. with its user).
                    .switchIfEmpty(Mono.error(() -> new NotAffectedException("db.user_terms.accept_terms", TABLE, id, 0)));
        });
    }

    @Override
    public Flux<UserTerms> all(User user) {
        return db.fetch("db.user_terms.all", dsl.selectFrom(USER_TERMS)
                        .where(USER_TERMS.USER_ID.eq(uuid(user.id())))
                        .orderBy(USER_TERMS.USER_TERMS_ID.asc()))
                .map(JooqUserTermsRepository::userTerms);
    }

    static UserTerms userTerms(UserTermsRecord row) {
        return new UserTerms(ulid(row.getUserTermsId()), ulid(row.getUserId()), row.getTermsUrl(),
                instant(row.getCreatedAt()));
    }
}
