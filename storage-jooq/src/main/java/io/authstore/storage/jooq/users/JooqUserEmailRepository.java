package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_EMAILS;
import static io.authstore.snapshot.Tables.USER_EMAIL_AUTHENTICATIONS;
import static io.authstore.snapshot.Tables.USER_EMAIL_AUTHENTICATION_CODES;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.optionalUlid;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UserEmailAuthenticationCodesRecord;
import io.authstore.snapshot.tables.records.UserEmailAuthenticationsRecord;
import io.authstore.snapshot.tables.records.UserEmailsRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserEmail;
import io.authstore.storage.users.UserEmailAuthentication;
import io.authstore.storage.users.UserEmailAuthenticationCode;
import io.authstore.storage.users.UserEmailFilter;
import io.authstore.storage.users.UserEmailRepository;
import io.authstore.storage.users.UserRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqUserEmailRepository implements UserEmailRepository {

    private static final String TABLE = "user_emails";
    private static final String AUTHENTICATIONS = "user_email_authentications";
    private static final String CODES = "user_email_authentication_codes";

    private final Statements db;
    private final DSLContext dsl;

    public JooqUserEmailRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // ---- addresses

    @Override
    public Mono<UserEmail> lookup(Ulid id) {
        return db.fetchOptional("db.user_email.lookup",
                        dsl.selectFrom(USER_EMAILS).where(USER_EMAILS.USER_EMAIL_ID.eq(uuid(id))))
                .map(JooqUserEmailRepository::userEmail);
    }

    @Override
    public Mono<UserEmail> find(User user, String email) {
        if (Text.hasNul(email)) {
            return Text.refused("email");
        }
        return oldest("db.user_email.find", USER_EMAILS.USER_ID.eq(uuid(user.id())).and(sameAddress(email)));
    }

    @Override
    public Mono<UserEmail> findByEmail(String email) {
        if (Text.hasNul(email)) {
            return Text.refused("email");
        }
        // Two users with the address: neither is returned, as in MAS (an e-mail must not pick an account).
        return db.fetch("db.user_email.find_by_email", dsl.selectFrom(USER_EMAILS)
                        .where(sameAddress(email))
                        .limit(2))
                .collectList()
                .flatMap(rows -> rows.size() == 1 ? Mono.just(userEmail(rows.getFirst())) : Mono.empty());
    }

    /** Nothing makes addresses unique, not even per user: a user's lookup by address takes the oldest match. */
    private Mono<UserEmail> oldest(String operation, Condition condition) {
        return db.fetchOptional(operation, dsl.selectFrom(USER_EMAILS)
                        .where(condition)
                        .orderBy(USER_EMAILS.USER_EMAIL_ID.asc())
                        .limit(1))
                .map(JooqUserEmailRepository::userEmail);
    }

    @Override
    public Flux<UserEmail> all(User user) {
        return db.fetch("db.user_email.all", dsl.selectFrom(USER_EMAILS)
                        .where(USER_EMAILS.USER_ID.eq(uuid(user.id())))
                        .orderBy(USER_EMAILS.EMAIL.asc(), USER_EMAILS.USER_EMAIL_ID.asc()))
                .map(JooqUserEmailRepository::userEmail);
    }

    @Override
    public Mono<Page<UserEmail>> list(UserEmailFilter filter, Pagination pagination) {
        if (Text.hasNul(filter.email().orElse(null))) {
            return Text.refused("filter email");
        }
        return db.fetchPage("db.user_email.list", dsl.selectFrom(USER_EMAILS)
                        .where(condition(filter)),
                        USER_EMAILS.USER_EMAIL_ID,
                        UserEmailsRecord::getUserEmailId,
                        pagination)
                .map(page -> page.map(JooqUserEmailRepository::userEmail));
    }

    @Override
    public Mono<Long> count(UserEmailFilter filter) {
        if (Text.hasNul(filter.email().orElse(null))) {
            return Text.refused("filter email");
        }
        return db.count("db.user_email.count", USER_EMAILS, condition(filter));
    }

    @Override
    public Mono<UserEmail> add(Clock clock, RandomSource random, User user, String email) {
        if (Text.hasNul(email)) {
            return Text.refused("email");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.user_email.add", dsl.insertInto(USER_EMAILS)
                            .set(USER_EMAILS.USER_EMAIL_ID, uuid(id))
                            .set(USER_EMAILS.USER_ID, uuid(user.id()))
                            .set(USER_EMAILS.EMAIL, email)
                            .set(USER_EMAILS.CREATED_AT, timestamp(now))
                            .returning(), USER_EMAILS.USER_EMAIL_ID, id)
                    .map(JooqUserEmailRepository::userEmail);
        });
    }

    @Override
    public Mono<Void> remove(UserEmail email) {
        return db.executeExactlyOne("db.user_email.remove",
                dsl.deleteFrom(USER_EMAILS).where(USER_EMAILS.USER_EMAIL_ID.eq(uuid(email.id()))),
                TABLE, email.id());
    }

    @Override
    public Mono<Long> removeBulk(UserEmailFilter filter) {
        if (Text.hasNul(filter.email().orElse(null))) {
            return Text.refused("filter email");
        }
        // Recovery tickets of the removed addresses go with them (ON DELETE CASCADE).
        return db.execute("db.user_email.remove_bulk", dsl.deleteFrom(USER_EMAILS).where(condition(filter)))
                .map(Integer::longValue);
    }

    /** The one place a {@link UserEmailFilter} becomes SQL: list, count and removeBulk share it. */
    static Condition condition(UserEmailFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.userId().isPresent()) {
            condition = condition.and(USER_EMAILS.USER_ID.eq(uuid(filter.userId().get())));
        }
        if (filter.email().isPresent()) {
            condition = condition.and(sameAddress(filter.email().get()));
        }
        return condition;
    }

    /** Case-insensitive, in the form user_emails_lower_email_idx indexes. */
    private static Condition sameAddress(String email) {
        return DSL.lower(USER_EMAILS.EMAIL).eq(DSL.lower(DSL.val(email)));
    }

    // ---- authentications and their codes

    @Override
    public Mono<UserEmailAuthentication> addAuthenticationForSession(
            Clock clock, RandomSource random, String email, BrowserSession session) {
        return addAuthentication("db.user_email.add_authentication_for_session", clock, random, email,
                USER_EMAIL_AUTHENTICATIONS.USER_SESSION_ID, session.id());
    }

    @Override
    public Mono<UserEmailAuthentication> addAuthenticationForRegistration(
            Clock clock, RandomSource random, String email, UserRegistration registration) {
        return addAuthentication("db.user_email.add_authentication_for_registration", clock, random, email,
                USER_EMAIL_AUTHENTICATIONS.USER_REGISTRATION_ID, registration.id());
    }

    /** An authentication belongs to either a browser session or a registration: {@code owner} says which. */
    private Mono<UserEmailAuthentication> addAuthentication(
            String operation, Clock clock, RandomSource random, String email, Field<UUID> owner, Ulid ownerId) {
        if (Text.hasNul(email)) {
            return Text.refused("email");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted(operation, dsl.insertInto(USER_EMAIL_AUTHENTICATIONS)
                            .set(USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID, uuid(id))
                            .set(owner, uuid(ownerId))
                            .set(USER_EMAIL_AUTHENTICATIONS.EMAIL, email)
                            .set(USER_EMAIL_AUTHENTICATIONS.CREATED_AT, timestamp(now))
                            .returning(), USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID, id)
                    .map(JooqUserEmailRepository::authentication);
        });
    }

    @Override
    public Mono<UserEmailAuthenticationCode> addAuthenticationCode(
            Clock clock, RandomSource random, Duration lifetime, UserEmailAuthentication authentication, String code) {
        if (Text.hasNul(code)) {
            return Text.refused("code");
        }
        return Mono.defer(() -> {
                    authentication.requireOpen("add a code to");
                    Instant now = clock.now();
                    Ulid id = Ulid.generate(now, random);
                    return db.fetchOptional("db.user_email.add_authentication_code", dsl
                                .insertInto(USER_EMAIL_AUTHENTICATION_CODES)
                                .set(USER_EMAIL_AUTHENTICATION_CODES.USER_EMAIL_AUTHENTICATION_CODE_ID, uuid(id))
                                .set(USER_EMAIL_AUTHENTICATION_CODES.USER_EMAIL_AUTHENTICATION_ID,
                                        uuid(authentication.id()))
                                .set(USER_EMAIL_AUTHENTICATION_CODES.CODE, code)
                                .set(USER_EMAIL_AUTHENTICATION_CODES.CREATED_AT, timestamp(now))
                                .set(USER_EMAIL_AUTHENTICATION_CODES.EXPIRES_AT, timestamp(now.plus(lifetime)))
                                // DO NOTHING: a duplicate code is reported without aborting the transaction.
                                .onConflict(USER_EMAIL_AUTHENTICATION_CODES.USER_EMAIL_AUTHENTICATION_ID,
                                        USER_EMAIL_AUTHENTICATION_CODES.CODE)
                                .doNothing()
                                .returning());
                })
                .map(JooqUserEmailRepository::code)
                // The code is a secret: it stays out of the message.
                .switchIfEmpty(Mono.error(() -> new ConflictException(CODES,
                        "user_email_authentication_codes_auth_id_code_unique",
                        "e-mail authentication " + authentication.id() + " already has this code")));
    }

    @Override
    public Mono<UserEmailAuthentication> lookupAuthentication(Ulid id) {
        return db.fetchOptional("db.user_email.lookup_authentication", dsl.selectFrom(USER_EMAIL_AUTHENTICATIONS)
                        .where(USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID.eq(uuid(id))))
                .map(JooqUserEmailRepository::authentication);
    }

    @Override
    public Mono<UserEmailAuthenticationCode> findAuthenticationCode(
            UserEmailAuthentication authentication, String code) {
        if (Text.hasNul(code)) {
            return Text.refused("code");
        }
        return db.fetchOptional("db.user_email.find_authentication_code", dsl
                        .selectFrom(USER_EMAIL_AUTHENTICATION_CODES)
                        .where(USER_EMAIL_AUTHENTICATION_CODES.USER_EMAIL_AUTHENTICATION_ID.eq(
                                uuid(authentication.id())))
                        .and(USER_EMAIL_AUTHENTICATION_CODES.CODE.eq(code)))
                .map(JooqUserEmailRepository::code);
    }

    @Override
    public Mono<UserEmailAuthentication> completeAuthenticationWithCode(
            Clock clock, UserEmailAuthentication authentication, UserEmailAuthenticationCode code) {
        return complete("db.user_email.complete_authentication_with_code", authentication,
                () -> authentication.completeWithCode(clock.now(), code));
    }

    @Override
    public Mono<UserEmailAuthentication> completeAuthenticationWithUpstream(
            Clock clock, UserEmailAuthentication authentication, Ulid upstreamOAuthAuthorizationSessionId) {
        // The schema keeps no link to the upstream session on the authentication: completing it is all there is.
        return complete("db.user_email.complete_authentication_with_upstream", authentication,
                () -> authentication.complete(clock.now()));
    }

    /** Sets completed_at, unless the copy was completed or someone completed the row meanwhile. */
    private Mono<UserEmailAuthentication> complete(String operation, UserEmailAuthentication authentication,
            Callable<UserEmailAuthentication> completion) {
        return db.change(operation, USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID, authentication.id(),
                completion, USER_EMAIL_AUTHENTICATIONS.COMPLETED_AT.isNull(),
                (update, completed) -> update.set(USER_EMAIL_AUTHENTICATIONS.COMPLETED_AT,
                        timestamp(completed.completedAt().orElseThrow())));
    }

    @Override
    public Mono<Cleanup> cleanupAuthentications(Instant since, Instant until, int limit) {
        // The authentications' codes go with them (CASCADE); registrations pointing at one lose the link (SET NULL).
        return Cleanups.deleteCreated(db, "db.user_email.cleanup_authentications",
                USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID, since, until, limit);
    }

    // ---- mapping

    static UserEmail userEmail(UserEmailsRecord row) {
        return new UserEmail(
                ulid(row.getUserEmailId()), ulid(row.getUserId()), row.getEmail(), instant(row.getCreatedAt()));
    }

    static UserEmailAuthentication authentication(UserEmailAuthenticationsRecord row) {
        return new UserEmailAuthentication(
                ulid(row.getUserEmailAuthenticationId()),
                optionalUlid(row.getUserSessionId()),
                optionalUlid(row.getUserRegistrationId()),
                row.getEmail(),
                instant(row.getCreatedAt()),
                optionalInstant(row.getCompletedAt()));
    }

    static UserEmailAuthenticationCode code(UserEmailAuthenticationCodesRecord row) {
        return new UserEmailAuthenticationCode(
                ulid(row.getUserEmailAuthenticationCodeId()),
                ulid(row.getUserEmailAuthenticationId()),
                row.getCode(),
                instant(row.getCreatedAt()),
                instant(row.getExpiresAt()));
    }
}
