package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_REGISTRATIONS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalAddress;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.optionalUlid;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UserRegistrationsRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.Convert;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.UserEmailAuthentication;
import io.authstore.storage.users.UserRegistration.RegistrationPassword;
import io.authstore.storage.users.UserRegistration;
import io.authstore.storage.users.UserRegistrationRepository;
import io.authstore.storage.users.UserRegistrationToken;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.JSONB;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqUserRegistrationRepository implements UserRegistrationRepository {

    private static final String TABLE = "user_registrations";

    private final Statements db;

    public JooqUserRegistrationRepository(Statements statements) {
        this.db = statements;
    }

    // Each step of a registration looks it up: rendered once (PreparedQuery), as is the add.
    private static final PreparedQuery<UserRegistrationsRecord> BY_ID =
            PreparedQuery.lookup(USER_REGISTRATIONS, USER_REGISTRATIONS.USER_REGISTRATION_ID);
    private static final PreparedQuery<UserRegistrationsRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(USER_REGISTRATIONS,
                    USER_REGISTRATIONS.USER_REGISTRATION_ID, USER_REGISTRATIONS.USERNAME,
                    USER_REGISTRATIONS.IP_ADDRESS, USER_REGISTRATIONS.USER_AGENT, USER_REGISTRATIONS.POST_AUTH_ACTION,
                    USER_REGISTRATIONS.CREATED_AT)
                    .returning());

    @Override
    public Mono<UserRegistration> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.user_registration.lookup", BY_ID.with(uuid(id))))
                .map(JooqUserRegistrationRepository::registration);
    }

    @Override
    public Mono<UserRegistration> add(
            Clock clock,
            RandomSource random,
            String username,
            Optional<InetAddress> ipAddress,
            Optional<String> userAgent,
            Optional<String> postAuthAction) {
        if (Text.hasNul(username)) {
            return Text.refused("username");
        }
        if (Text.hasNul(userAgent.orElse(null))) {
            return Text.refused("userAgent");
        }
        if (Text.hasNul(postAuthAction.orElse(null))) {
            return Text.refused("postAuthAction");
        }
        // One reading of the clock, so that the id's time and created_at agree even on a running clock.
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.user_registration.add", ADD.with(uuid(id), username,
                            ipAddress.map(Convert::inet).orElse(null), userAgent.orElse(null),
                            postAuthAction.map(JSONB::valueOf).orElse(null), timestamp(now)),
                            USER_REGISTRATIONS.USER_REGISTRATION_ID, id)
                    .map(JooqUserRegistrationRepository::registration);
        });
    }

    private static final PreparedQuery<UserRegistrationsRecord> SET_DISPLAY_NAME = whileOpen(
            DSL.update(USER_REGISTRATIONS)
                    .set(USER_REGISTRATIONS.DISPLAY_NAME, PreparedQuery.value(USER_REGISTRATIONS.DISPLAY_NAME)));

    @Override
    public Mono<UserRegistration> setDisplayName(UserRegistration registration, String displayName) {
        if (Text.hasNul(displayName)) {
            return Text.refused("displayName");
        }
        return change("db.user_registration.set_display_name", registration, "set the display name of",
                () -> SET_DISPLAY_NAME.with(displayName, uuid(registration.id())));
    }

    private static final PreparedQuery<UserRegistrationsRecord> SET_TERMS_URL = whileOpen(
            DSL.update(USER_REGISTRATIONS)
                    .set(USER_REGISTRATIONS.TERMS_URL, PreparedQuery.value(USER_REGISTRATIONS.TERMS_URL)));

    @Override
    public Mono<UserRegistration> setTermsUrl(UserRegistration registration, String termsUrl) {
        if (Text.hasNul(termsUrl)) {
            return Text.refused("termsUrl");
        }
        return change("db.user_registration.set_terms_url", registration, "set the terms URL of",
                () -> SET_TERMS_URL.with(termsUrl, uuid(registration.id())));
    }

    private static final PreparedQuery<UserRegistrationsRecord> SET_EMAIL_AUTHENTICATION = whileOpen(
            DSL.update(USER_REGISTRATIONS)
                    .set(USER_REGISTRATIONS.EMAIL_AUTHENTICATION_ID,
                            PreparedQuery.value(USER_REGISTRATIONS.EMAIL_AUTHENTICATION_ID)));

    @Override
    public Mono<UserRegistration> setEmailAuthentication(
            UserRegistration registration, UserEmailAuthentication authentication) {
        return change("db.user_registration.set_email_authentication", registration,
                "set the e-mail authentication of",
                () -> SET_EMAIL_AUTHENTICATION.with(uuid(authentication.id()), uuid(registration.id())));
    }

    private static final PreparedQuery<UserRegistrationsRecord> SET_PASSWORD = whileOpen(
            DSL.update(USER_REGISTRATIONS)
                    .set(USER_REGISTRATIONS.HASHED_PASSWORD, PreparedQuery.value(USER_REGISTRATIONS.HASHED_PASSWORD))
                    .set(USER_REGISTRATIONS.HASHED_PASSWORD_VERSION,
                            PreparedQuery.value(USER_REGISTRATIONS.HASHED_PASSWORD_VERSION)));

    @Override
    public Mono<UserRegistration> setPassword(UserRegistration registration, String hashedPassword, int version) {
        if (Text.hasNul(hashedPassword)) {
            return Text.refused("hashedPassword");
        }
        return change("db.user_registration.set_password", registration, "set the password of",
                () -> SET_PASSWORD.with(hashedPassword, version, uuid(registration.id())));
    }

    private static final PreparedQuery<UserRegistrationsRecord> SET_REGISTRATION_TOKEN = whileOpen(
            DSL.update(USER_REGISTRATIONS)
                    .set(USER_REGISTRATIONS.USER_REGISTRATION_TOKEN_ID,
                            PreparedQuery.value(USER_REGISTRATIONS.USER_REGISTRATION_TOKEN_ID)));

    @Override
    public Mono<UserRegistration> setRegistrationToken(UserRegistration registration, UserRegistrationToken token) {
        return change("db.user_registration.set_registration_token", registration, "set the registration token of",
                () -> SET_REGISTRATION_TOKEN.with(uuid(token.id()), uuid(registration.id())));
    }

    private static final PreparedQuery<UserRegistrationsRecord> SET_UPSTREAM_OAUTH_AUTHORIZATION_SESSION = whileOpen(
            DSL.update(USER_REGISTRATIONS)
                    .set(USER_REGISTRATIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID,
                            PreparedQuery.value(USER_REGISTRATIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID)));

    @Override
    public Mono<UserRegistration> setUpstreamOAuthAuthorizationSession(
            UserRegistration registration, Ulid upstreamOAuthAuthorizationSessionId) {
        return change("db.user_registration.set_upstream_oauth_authorization_session", registration,
                "set the upstream authorization session of",
                () -> SET_UPSTREAM_OAUTH_AUTHORIZATION_SESSION.with(
                        uuid(upstreamOAuthAuthorizationSessionId), uuid(registration.id())));
    }

    private static final PreparedQuery<UserRegistrationsRecord> COMPLETE = whileOpen(
            DSL.update(USER_REGISTRATIONS)
                    .set(USER_REGISTRATIONS.COMPLETED_AT, PreparedQuery.value(USER_REGISTRATIONS.COMPLETED_AT)));

    @Override
    public Mono<UserRegistration> complete(Clock clock, UserRegistration registration) {
        return change("db.user_registration.complete", registration, "complete",
                () -> COMPLETE.with(timestamp(clock.now()), uuid(registration.id())));
    }

    /**
     * {@code set} applied to the registration only while it is open: a call gives the values of {@code set}, then
     * the registration's id.
     */
    private static PreparedQuery<UserRegistrationsRecord> whileOpen(UpdateSetMoreStep<UserRegistrationsRecord> set) {
        return PreparedQuery.of(set
                .where(PreparedQuery.eqValue(USER_REGISTRATIONS.USER_REGISTRATION_ID))
                .and(USER_REGISTRATIONS.COMPLETED_AT.isNull())
                .returning());
    }

    /**
     * Every change of a registration: refused on a completed copy, before anything is sent; applied to the row only
     * while it is open ({@code completed_at IS NULL}, see {@link #whileOpen}), so a registration completed since the
     * copy was read, or gone, is not affected; otherwise the row as stored afterwards. {@code update} is bound at
     * subscription, after that check (it may read the clock).
     */
    private Mono<UserRegistration> change(
            String operation,
            UserRegistration registration,
            String transition,
            Supplier<PreparedQuery.Call<UserRegistrationsRecord>> update) {
        return Mono.defer(() -> {
            registration.requireOpen(transition);
            return db.changeReturning(operation, update.get(), TABLE, registration.id())
                    .map(JooqUserRegistrationRepository::registration);
        });
    }

    @Override
    public Mono<Cleanup> cleanup(Instant since, Instant until, int limit) {
        // The registrations' e-mail authentications go with them (ON DELETE CASCADE).
        return Cleanups.deleteCreated(db, "db.user_registration.cleanup", USER_REGISTRATIONS.USER_REGISTRATION_ID,
                since, until, limit);
    }

    static UserRegistration registration(UserRegistrationsRecord row) {
        Ulid id = ulid(row.getUserRegistrationId());
        return new UserRegistration(
                id,
                row.getUsername(),
                Optional.ofNullable(row.getDisplayName()),
                Optional.ofNullable(row.getTermsUrl()),
                optionalUlid(row.getEmailAuthenticationId()),
                password(id, row.getHashedPassword(), row.getHashedPasswordVersion()),
                optionalAddress(row.getIpAddress()),
                Optional.ofNullable(row.getUserAgent()),
                Optional.ofNullable(row.getPostAuthAction()).map(JSONB::data),
                optionalUlid(row.getUserRegistrationTokenId()),
                optionalUlid(row.getUpstreamOauthAuthorizationSessionId()),
                instant(row.getCreatedAt()),
                optionalInstant(row.getCompletedAt()));
    }

    /** The hash and its scheme version are set together (by {@link #setPassword}) or not at all. */
    private static Optional<RegistrationPassword> password(Ulid id, String hashedPassword, Integer version) {
        if (hashedPassword == null && version == null) {
            return Optional.empty();
        }
        if (hashedPassword == null || version == null) {
            // Name the missing column; never show the hash.
            throw new InconsistencyException(TABLE,
                    hashedPassword == null ? "hashed_password" : "hashed_password_version", id,
                    "hashed_password and hashed_password_version must both be set or both be NULL");
        }
        return Optional.of(new RegistrationPassword(hashedPassword, version));
    }
}
