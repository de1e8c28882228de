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
import io.authstore.storage.jooq.PreparedQuery;
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
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.TableField;
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

    // Every statement of fixed shape here is rendered once (PreparedQuery), its values bound per call.
    private static final PreparedQuery<UserEmailsRecord> BY_ID =
            PreparedQuery.lookup(USER_EMAILS, USER_EMAILS.USER_EMAIL_ID);
    private static final Param<String> EMAIL = PreparedQuery.value(USER_EMAILS.EMAIL);
    /** Nothing makes addresses unique, not even per user: a user's lookup by address takes the oldest match. */
    private static final PreparedQuery<UserEmailsRecord> OLDEST_OF_USER = PreparedQuery.of(DSL.selectFrom(USER_EMAILS)
            .where(PreparedQuery.eqValue(USER_EMAILS.USER_ID).and(sameAddress(EMAIL)))
            .orderBy(USER_EMAILS.USER_EMAIL_ID.asc())
            .limit(1));
    private static final PreparedQuery<UserEmailsRecord> TWO_BY_EMAIL = PreparedQuery.of(DSL.selectFrom(USER_EMAILS)
            .where(sameAddress(EMAIL))
            .limit(2));
    private static final PreparedQuery<UserEmailsRecord> ALL_OF_USER = PreparedQuery.of(DSL.selectFrom(USER_EMAILS)
            .where(PreparedQuery.eqValue(USER_EMAILS.USER_ID))
            .orderBy(USER_EMAILS.EMAIL.asc(), USER_EMAILS.USER_EMAIL_ID.asc()));

    @Override
    public Mono<UserEmail> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.user_email.lookup", BY_ID.with(uuid(id))))
                .map(JooqUserEmailRepository::userEmail);
    }

    @Override
    public Mono<UserEmail> find(User user, String email) {
        if (Text.hasNul(email)) {
            return Text.refused("email");
        }
        return Mono.defer(() -> db.fetchOptional("db.user_email.find", OLDEST_OF_USER.with(uuid(user.id()), email)))
                .map(JooqUserEmailRepository::userEmail);
    }

    @Override
    public Mono<UserEmail> findByEmail(String email) {
        if (Text.hasNul(email)) {
            return Text.refused("email");
        }
        // Two users with the address: neither is returned, as in MAS (an e-mail must not pick an account).
        return Flux.defer(() -> db.fetch("db.user_email.find_by_email", TWO_BY_EMAIL.with(email)))
                .collectList()
                .flatMap(rows -> rows.size() == 1 ? Mono.just(userEmail(rows.getFirst())) : Mono.empty());
    }

    @Override
    public Flux<UserEmail> all(User user) {
        return Flux.defer(() -> db.fetch("db.user_email.all", ALL_OF_USER.with(uuid(user.id()))))
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

    private static final PreparedQuery<UserEmailsRecord> ADD = PreparedQuery.of(DSL.insertInto(USER_EMAILS)
            .set(USER_EMAILS.USER_EMAIL_ID, PreparedQuery.value(USER_EMAILS.USER_EMAIL_ID))
            .set(USER_EMAILS.USER_ID, PreparedQuery.value(USER_EMAILS.USER_ID))
            .set(USER_EMAILS.EMAIL, EMAIL)
            .set(USER_EMAILS.CREATED_AT, PreparedQuery.value(USER_EMAILS.CREATED_AT))
            .returning());
    private static final PreparedQuery<Record> REMOVE = PreparedQuery.of(DSL.deleteFrom(USER_EMAILS)
            .where(PreparedQuery.eqValue(USER_EMAILS.USER_EMAIL_ID)));

    @Override
    public Mono<UserEmail> add(Clock clock, RandomSource random, User user, String email) {
        if (Text.hasNul(email)) {
            return Text.refused("email");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.user_email.add", ADD.with(uuid(id), uuid(user.id()), email, timestamp(now)),
                            USER_EMAILS.USER_EMAIL_ID, id)
                    .map(JooqUserEmailRepository::userEmail);
        });
    }

    @Override
    public Mono<Void> remove(UserEmail email) {
        return Mono.defer(() -> db.executeExactlyOne("db.user_email.remove", REMOVE.with(uuid(email.id())),
                TABLE, email.id()));
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
            condition = condition.and(sameAddress(DSL.val(filter.email().get())));
        }
        return condition;
    }

    /** Case-insensitive, in the form user_emails_lower_email_idx indexes. */
    private static Condition sameAddress(Field<String> email) {
        return DSL.lower(USER_EMAILS.EMAIL).eq(DSL.lower(email));
    }

    // ---- authentications and their codes

    // Rendered once (PreparedQuery). An authentication belongs to a browser session or to a registration: an insert
    // for each.
    private static final PreparedQuery<UserEmailAuthenticationsRecord> ADD_AUTHENTICATION_FOR_SESSION =
            addAuthentication(USER_EMAIL_AUTHENTICATIONS.USER_SESSION_ID);
    private static final PreparedQuery<UserEmailAuthenticationsRecord> ADD_AUTHENTICATION_FOR_REGISTRATION =
            addAuthentication(USER_EMAIL_AUTHENTICATIONS.USER_REGISTRATION_ID);

    /** The insert of an authentication that belongs to what {@code owner} points at. */
    private static PreparedQuery<UserEmailAuthenticationsRecord> addAuthentication(
            TableField<UserEmailAuthenticationsRecord, UUID> owner) {
        return PreparedQuery.of(PreparedQuery.insertInto(USER_EMAIL_AUTHENTICATIONS,
                USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID, owner, USER_EMAIL_AUTHENTICATIONS.EMAIL,
                USER_EMAIL_AUTHENTICATIONS.CREATED_AT)
                .returning());
    }

    @Override
    public Mono<UserEmailAuthentication> addAuthenticationForSession(
            Clock clock, RandomSource random, String email, BrowserSession session) {
        return addAuthentication("db.user_email.add_authentication_for_session", clock, random, email,
                ADD_AUTHENTICATION_FOR_SESSION, session.id());
    }

    @Override
    public Mono<UserEmailAuthentication> addAuthenticationForRegistration(
            Clock clock, RandomSource random, String email, UserRegistration registration) {
        return addAuthentication("db.user_email.add_authentication_for_registration", clock, random, email,
                ADD_AUTHENTICATION_FOR_REGISTRATION, registration.id());
    }

    /** {@code insert} is the one for the kind of owner ({@code ownerId}) the authentication belongs to. */
    private Mono<UserEmailAuthentication> addAuthentication(String operation, Clock clock, RandomSource random,
            String email, PreparedQuery<UserEmailAuthenticationsRecord> insert, Ulid ownerId) {
        if (Text.hasNul(email)) {
            return Text.refused("email");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted(operation, insert.with(uuid(id), uuid(ownerId), email, timestamp(now)),
                            USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID, id)
                    .map(JooqUserEmailRepository::authentication);
        });
    }

    // DO NOTHING: a duplicate code is reported without aborting the transaction.
    private static final PreparedQuery<UserEmailAuthenticationCodesRecord> ADD_CODE = PreparedQuery.of(
            PreparedQuery.insertInto(USER_EMAIL_AUTHENTICATION_CODES,
                    USER_EMAIL_AUTHENTICATION_CODES.USER_EMAIL_AUTHENTICATION_CODE_ID,
                    USER_EMAIL_AUTHENTICATION_CODES.USER_EMAIL_AUTHENTICATION_ID, USER_EMAIL_AUTHENTICATION_CODES.CODE,
                    USER_EMAIL_AUTHENTICATION_CODES.CREATED_AT, USER_EMAIL_AUTHENTICATION_CODES.EXPIRES_AT)
                    .onConflict(USER_EMAIL_AUTHENTICATION_CODES.USER_EMAIL_AUTHENTICATION_ID,
                            USER_EMAIL_AUTHENTICATION_CODES.CODE)
                    .doNothing()
                    .returning());

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
                    return db.fetchOptional("db.user_email.add_authentication_code", ADD_CODE.with(uuid(id),
                            uuid(authentication.id()), code, timestamp(now), timestamp(now.plus(lifetime))));
                })
                .map(JooqUserEmailRepository::code)
                // The code is a secret: it stays out of the message.
                .switchIfEmpty(Mono.error(() -> new ConflictException(CODES,
                        "user_email_authentication_codes_auth_id_code_unique",
                        "e-mail authentication " + authentication.id() + " already has this code")));
    }

    private static final PreparedQuery<UserEmailAuthenticationsRecord> AUTHENTICATION_BY_ID =
            PreparedQuery.lookup(USER_EMAIL_AUTHENTICATIONS, USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID);

    @Override
    public Mono<UserEmailAuthentication> lookupAuthentication(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.user_email.lookup_authentication",
                        AUTHENTICATION_BY_ID.with(uuid(id))))
                .map(JooqUserEmailRepository::authentication);
    }

    private static final PreparedQuery<UserEmailAuthenticationCodesRecord> CODE_OF_AUTHENTICATION = PreparedQuery.of(
            DSL.selectFrom(USER_EMAIL_AUTHENTICATION_CODES)
                    .where(PreparedQuery.eqValue(USER_EMAIL_AUTHENTICATION_CODES.USER_EMAIL_AUTHENTICATION_ID))
                    .and(PreparedQuery.eqValue(USER_EMAIL_AUTHENTICATION_CODES.CODE)));

    @Override
    public Mono<UserEmailAuthenticationCode> findAuthenticationCode(
            UserEmailAuthentication authentication, String code) {
        if (Text.hasNul(code)) {
            return Text.refused("code");
        }
        return Mono.defer(() -> db.fetchOptional("db.user_email.find_authentication_code",
                        CODE_OF_AUTHENTICATION.with(uuid(authentication.id()), code)))
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

    private static final PreparedQuery<Record> COMPLETE_AUTHENTICATION = PreparedQuery.of(
            DSL.update(USER_EMAIL_AUTHENTICATIONS)
                    .set(USER_EMAIL_AUTHENTICATIONS.COMPLETED_AT,
                            PreparedQuery.value(USER_EMAIL_AUTHENTICATIONS.COMPLETED_AT))
                    .where(PreparedQuery.eqValue(USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID))
                    .and(USER_EMAIL_AUTHENTICATIONS.COMPLETED_AT.isNull()));

    /** Sets completed_at, unless the copy was completed or someone completed the row meanwhile. */
    private Mono<UserEmailAuthentication> complete(String operation, UserEmailAuthentication authentication,
            Callable<UserEmailAuthentication> completion) {
        return db.change(operation, completion, completed -> COMPLETE_AUTHENTICATION.with(
                        timestamp(completed.completedAt().orElseThrow()), uuid(authentication.id())),
                AUTHENTICATIONS, authentication.id());
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
