package io.authstore.storage.jooq.compat;

import static io.authstore.snapshot.Tables.COMPAT_SSO_LOGINS;
import static io.authstore.snapshot.Tables.USER_SESSIONS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.eqValue;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.CompatSsoLoginsRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.compat.CompatSsoLogin;
import io.authstore.storage.compat.CompatSsoLoginFilter;
import io.authstore.storage.compat.CompatSsoLoginRepository;
import io.authstore.storage.compat.CompatSsoLoginState;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.BrowserSession;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqCompatSsoLoginRepository implements CompatSsoLoginRepository {

    private static final String TABLE = "compat_sso_logins";

    private final Statements db;
    private final DSLContext dsl;

    public JooqCompatSsoLoginRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // Rendered once, bound per call.
    private static final PreparedQuery<CompatSsoLoginsRecord> BY_ID =
            PreparedQuery.lookup(COMPAT_SSO_LOGINS, COMPAT_SSO_LOGINS.COMPAT_SSO_LOGIN_ID);
    private static final PreparedQuery<CompatSsoLoginsRecord> BY_SESSION =
            PreparedQuery.lookup(COMPAT_SSO_LOGINS, COMPAT_SSO_LOGINS.COMPAT_SESSION_ID);
    private static final PreparedQuery<CompatSsoLoginsRecord> BY_TOKEN =
            PreparedQuery.lookup(COMPAT_SSO_LOGINS, COMPAT_SSO_LOGINS.LOGIN_TOKEN);

    @Override
    public Mono<CompatSsoLogin> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.compat_sso_login.lookup", BY_ID.with(uuid(id))))
                .map(JooqCompatSsoLoginRepository::login);
    }

    @Override
    public Mono<CompatSsoLogin> findForSession(CompatSession session) {
        return Mono.defer(() -> db.fetchOptional("db.compat_sso_login.find_for_session",
                        BY_SESSION.with(uuid(session.id()))))
                .map(JooqCompatSsoLoginRepository::login);
    }

    @Override
    public Mono<CompatSsoLogin> findByToken(String loginToken) {
        if (Text.hasNul(loginToken)) {
            return Text.refused("loginToken");
        }
        return Mono.defer(() -> db.fetchOptional("db.compat_sso_login.find_by_token", BY_TOKEN.with(loginToken)))
                .map(JooqCompatSsoLoginRepository::login);
    }

    // Every SSO login starts with it: rendered once.
    private static final PreparedQuery<CompatSsoLoginsRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(COMPAT_SSO_LOGINS,
                    COMPAT_SSO_LOGINS.COMPAT_SSO_LOGIN_ID, COMPAT_SSO_LOGINS.LOGIN_TOKEN,
                    COMPAT_SSO_LOGINS.REDIRECT_URI, COMPAT_SSO_LOGINS.CREATED_AT)
                    .onConflictDoNothing()
                    .returning());

    @Override
    public Mono<CompatSsoLogin> add(Clock clock, RandomSource random, String loginToken, URI redirectUri) {
        if (Text.hasNul(loginToken)) {
            return Text.refused("loginToken");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchOptional("db.compat_sso_login.add",
                            ADD.with(uuid(id), loginToken, redirectUri.toString(), timestamp(now)))
                    .map(JooqCompatSsoLoginRepository::login)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(
                            TABLE, "compat_sessions_login_token_unique", "this login token is taken")));
        });
    }

    private static final PreparedQuery<Record> FULFILL = PreparedQuery.of(DSL.update(COMPAT_SSO_LOGINS)
            .set(COMPAT_SSO_LOGINS.USER_SESSION_ID, value(COMPAT_SSO_LOGINS.USER_SESSION_ID))
            .set(COMPAT_SSO_LOGINS.FULFILLED_AT, value(COMPAT_SSO_LOGINS.FULFILLED_AT))
            .where(eqValue(COMPAT_SSO_LOGINS.COMPAT_SSO_LOGIN_ID))
            .and(COMPAT_SSO_LOGINS.FULFILLED_AT.isNull().and(COMPAT_SSO_LOGINS.EXCHANGED_AT.isNull())));

    @Override
    public Mono<CompatSsoLogin> fulfill(Clock clock, CompatSsoLogin login, BrowserSession browserSession) {
        return db.change("db.compat_sso_login.fulfill", () -> login.fulfill(clock.now(), browserSession),
                fulfilled -> FULFILL.with(
                        uuid(browserSession.id()),
                        timestamp(((CompatSsoLoginState.Fulfilled) fulfilled.state()).fulfilledAt()),
                        uuid(login.id())),
                TABLE, login.id());
    }

    private static final PreparedQuery<Record> EXCHANGE = PreparedQuery.of(DSL.update(COMPAT_SSO_LOGINS)
            .set(COMPAT_SSO_LOGINS.COMPAT_SESSION_ID, value(COMPAT_SSO_LOGINS.COMPAT_SESSION_ID))
            .set(COMPAT_SSO_LOGINS.EXCHANGED_AT, value(COMPAT_SSO_LOGINS.EXCHANGED_AT))
            .where(eqValue(COMPAT_SSO_LOGINS.COMPAT_SSO_LOGIN_ID))
            .and(COMPAT_SSO_LOGINS.FULFILLED_AT.isNotNull().and(COMPAT_SSO_LOGINS.EXCHANGED_AT.isNull())));

    @Override
    public Mono<CompatSsoLogin> exchange(Clock clock, CompatSsoLogin login, CompatSession session) {
        return db.change("db.compat_sso_login.exchange", () -> login.exchange(clock.now(), session),
                exchanged -> EXCHANGE.with(
                        uuid(session.id()),
                        timestamp(((CompatSsoLoginState.Exchanged) exchanged.state()).exchangedAt()),
                        uuid(login.id())),
                TABLE, login.id());
    }

    @Override
    public Mono<Page<CompatSsoLogin>> list(CompatSsoLoginFilter filter, Pagination pagination) {
        return Mono.defer(() -> db.fetchPage("db.compat_sso_login.list",
                        dsl.selectFrom(COMPAT_SSO_LOGINS).where(condition(filter)),
                        COMPAT_SSO_LOGINS.COMPAT_SSO_LOGIN_ID,
                        CompatSsoLoginsRecord::getCompatSsoLoginId,
                        pagination))
                .map(page -> page.map(JooqCompatSsoLoginRepository::login));
    }

    @Override
    public Mono<Long> count(CompatSsoLoginFilter filter) {
        return Mono.defer(() -> db.count("db.compat_sso_login.count", COMPAT_SSO_LOGINS, condition(filter)));
    }

    /** The one place a {@link CompatSsoLoginFilter} becomes SQL: list and count share it. */
    static Condition condition(CompatSsoLoginFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.userId().isPresent()) {
            condition = condition.and(DSL.exists(DSL.selectOne().from(USER_SESSIONS)
                    .where(USER_SESSIONS.USER_SESSION_ID.eq(COMPAT_SSO_LOGINS.USER_SESSION_ID))
                    .and(USER_SESSIONS.USER_ID.eq(uuid(filter.userId().get())))));
        }
        if (filter.state().isPresent()) {
            condition = condition.and(switch (filter.state().get()) {
                case PENDING -> COMPAT_SSO_LOGINS.FULFILLED_AT.isNull();
                case FULFILLED -> COMPAT_SSO_LOGINS.FULFILLED_AT.isNotNull().and(COMPAT_SSO_LOGINS.EXCHANGED_AT.isNull());
                case EXCHANGED -> COMPAT_SSO_LOGINS.EXCHANGED_AT.isNotNull();
            });
        }
        return condition;
    }

    static CompatSsoLogin login(CompatSsoLoginsRecord row) {
        Ulid id = ulid(row.getCompatSsoLoginId());
        URI redirectUri;
        try {
            redirectUri = new URI(row.getRedirectUri());
        } catch (URISyntaxException e) {
            throw new InconsistencyException(TABLE, "redirect_uri", id, "not a URI");
        }
        return new CompatSsoLogin(id, redirectUri, row.getLoginToken(), instant(row.getCreatedAt()),
                state(id, row.getFulfilledAt(), row.getExchangedAt(), row.getUserSessionId(),
                        row.getCompatSessionId()));
    }

    private static CompatSsoLoginState state(
            Ulid id, OffsetDateTime fulfilledAt, OffsetDateTime exchangedAt, UUID browserSession, UUID compatSession) {
        if (fulfilledAt == null && exchangedAt == null && browserSession == null && compatSession == null) {
            return CompatSsoLoginState.PENDING;
        }
        if (fulfilledAt != null && exchangedAt == null && browserSession != null && compatSession == null) {
            return new CompatSsoLoginState.Fulfilled(instant(fulfilledAt), ulid(browserSession));
        }
        if (fulfilledAt != null && exchangedAt != null && compatSession != null) {
            return new CompatSsoLoginState.Exchanged(instant(fulfilledAt), instant(exchangedAt), ulid(compatSession));
        }
        throw new InconsistencyException(TABLE, "fulfilled_at", id,
                "fulfilled_at, exchanged_at, user_session_id and compat_session_id do not describe a state");
    }
}
