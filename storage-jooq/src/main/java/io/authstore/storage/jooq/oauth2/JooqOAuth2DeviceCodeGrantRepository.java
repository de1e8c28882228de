package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_DEVICE_CODE_GRANT;
import static io.authstore.storage.jooq.Convert.inet;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalAddress;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.eqValue;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.Oauth2DeviceCodeGrantRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.oauth2.DeviceCodeGrant;
import io.authstore.storage.oauth2.DeviceCodeGrantParams;
import io.authstore.storage.oauth2.OAuth2DeviceCodeGrantRepository;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.BrowserSession;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqOAuth2DeviceCodeGrantRepository implements OAuth2DeviceCodeGrantRepository {

    static final String TABLE = "oauth2_device_code_grant";

    private final Statements db;
    private final DSLContext dsl;

    public JooqOAuth2DeviceCodeGrantRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // Rendered once, bound per call. Either code taken: no row and no error (ON CONFLICT DO NOTHING covers every
    // unique key).
    private static final PreparedQuery<Oauth2DeviceCodeGrantRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(OAUTH2_DEVICE_CODE_GRANT,
                    OAUTH2_DEVICE_CODE_GRANT.OAUTH2_DEVICE_CODE_GRANT_ID, OAUTH2_DEVICE_CODE_GRANT.OAUTH2_CLIENT_ID,
                    OAUTH2_DEVICE_CODE_GRANT.SCOPE, OAUTH2_DEVICE_CODE_GRANT.DEVICE_CODE,
                    OAUTH2_DEVICE_CODE_GRANT.USER_CODE, OAUTH2_DEVICE_CODE_GRANT.CREATED_AT,
                    OAUTH2_DEVICE_CODE_GRANT.EXPIRES_AT, OAUTH2_DEVICE_CODE_GRANT.IP_ADDRESS,
                    OAUTH2_DEVICE_CODE_GRANT.USER_AGENT)
                    .onConflictDoNothing()
                    .returning());

    @Override
    public Mono<DeviceCodeGrant> add(Clock clock, RandomSource random, DeviceCodeGrantParams params) {
        if (Text.hasNul(params.deviceCode())) {
            return Text.refused("deviceCode");
        }
        if (Text.hasNul(params.userCode())) {
            return Text.refused("userCode");
        }
        if (Text.hasNul(params.userAgent().orElse(null))) {
            return Text.refused("userAgent");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchOptional("db.oauth2_device_code_grant.add", ADD.with(uuid(id), uuid(params.client().id()),
                            params.scope().toString(), params.deviceCode(), params.userCode(), timestamp(now),
                            timestamp(now.plus(params.expiresIn())), inet(params.ipAddress().orElse(null)),
                            params.userAgent().orElse(null)))
                    .map(JooqOAuth2DeviceCodeGrantRepository::grant)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(TABLE,
                            "oauth2_device_code_grant_device_code_key or oauth2_device_code_grant_user_code_key",
                            "the device code or the user code is taken")));
        });
    }

    // findByDeviceCode runs on every poll of a waiting device: rendered once, bound per call.
    private static final PreparedQuery<Oauth2DeviceCodeGrantRecord> BY_ID =
            PreparedQuery.lookup(OAUTH2_DEVICE_CODE_GRANT, OAUTH2_DEVICE_CODE_GRANT.OAUTH2_DEVICE_CODE_GRANT_ID);
    private static final PreparedQuery<Oauth2DeviceCodeGrantRecord> BY_DEVICE_CODE =
            PreparedQuery.lookup(OAUTH2_DEVICE_CODE_GRANT, OAUTH2_DEVICE_CODE_GRANT.DEVICE_CODE);
    private static final PreparedQuery<Oauth2DeviceCodeGrantRecord> BY_USER_CODE =
            PreparedQuery.lookup(OAUTH2_DEVICE_CODE_GRANT, OAUTH2_DEVICE_CODE_GRANT.USER_CODE);

    @Override
    public Mono<DeviceCodeGrant> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.oauth2_device_code_grant.lookup", BY_ID.with(uuid(id))))
                .map(JooqOAuth2DeviceCodeGrantRepository::grant);
    }

    @Override
    public Mono<DeviceCodeGrant> findByDeviceCode(String deviceCode) {
        if (Text.hasNul(deviceCode)) {
            return Text.refused("deviceCode");
        }
        return Mono.defer(() -> db.fetchOptional("db.oauth2_device_code_grant.find_by_device_code",
                        BY_DEVICE_CODE.with(deviceCode)))
                .map(JooqOAuth2DeviceCodeGrantRepository::grant);
    }

    @Override
    public Mono<DeviceCodeGrant> findByUserCode(String userCode) {
        if (Text.hasNul(userCode)) {
            return Text.refused("userCode");
        }
        return Mono.defer(() -> db.fetchOptional("db.oauth2_device_code_grant.find_by_user_code",
                        BY_USER_CODE.with(userCode)))
                .map(JooqOAuth2DeviceCodeGrantRepository::grant);
    }

    private static final Condition PENDING = OAUTH2_DEVICE_CODE_GRANT.FULFILLED_AT.isNull()
            .and(OAUTH2_DEVICE_CODE_GRANT.REJECTED_AT.isNull())
            .and(OAUTH2_DEVICE_CODE_GRANT.EXCHANGED_AT.isNull());

    private static final PreparedQuery<Record> FULFILL = PreparedQuery.of(DSL.update(OAUTH2_DEVICE_CODE_GRANT)
            .set(OAUTH2_DEVICE_CODE_GRANT.FULFILLED_AT, value(OAUTH2_DEVICE_CODE_GRANT.FULFILLED_AT))
            .set(OAUTH2_DEVICE_CODE_GRANT.USER_SESSION_ID, value(OAUTH2_DEVICE_CODE_GRANT.USER_SESSION_ID))
            .set(OAUTH2_DEVICE_CODE_GRANT.LOCALE, value(OAUTH2_DEVICE_CODE_GRANT.LOCALE))
            .where(byId())
            .and(PENDING));

    @Override
    public Mono<DeviceCodeGrant> fulfill(Clock clock, DeviceCodeGrant grant, BrowserSession browserSession,
            Optional<String> locale) {
        if (Text.hasNul(locale.orElse(null))) {
            return Text.refused("locale");
        }
        return db.change("db.oauth2_device_code_grant.fulfill",
                () -> grant.fulfill(clock.now(), browserSession.id(), locale),
                fulfilled -> FULFILL.with(
                        timestamp(((DeviceCodeGrant.State.Fulfilled) fulfilled.state()).fulfilledAt()),
                        uuid(browserSession.id()),
                        locale.orElse(null),
                        uuid(grant.id())),
                TABLE, grant.id());
    }

    private static final PreparedQuery<Record> REJECT = PreparedQuery.of(DSL.update(OAUTH2_DEVICE_CODE_GRANT)
            .set(OAUTH2_DEVICE_CODE_GRANT.REJECTED_AT, value(OAUTH2_DEVICE_CODE_GRANT.REJECTED_AT))
            .set(OAUTH2_DEVICE_CODE_GRANT.USER_SESSION_ID, value(OAUTH2_DEVICE_CODE_GRANT.USER_SESSION_ID))
            .where(byId())
            .and(PENDING));

    @Override
    public Mono<DeviceCodeGrant> reject(Clock clock, DeviceCodeGrant grant, BrowserSession browserSession) {
        return db.change("db.oauth2_device_code_grant.reject", () -> grant.reject(clock.now(), browserSession.id()),
                rejected -> REJECT.with(
                        timestamp(((DeviceCodeGrant.State.Rejected) rejected.state()).rejectedAt()),
                        uuid(browserSession.id()),
                        uuid(grant.id())),
                TABLE, grant.id());
    }

    private static final PreparedQuery<Record> EXCHANGE = PreparedQuery.of(DSL.update(OAUTH2_DEVICE_CODE_GRANT)
            .set(OAUTH2_DEVICE_CODE_GRANT.EXCHANGED_AT, value(OAUTH2_DEVICE_CODE_GRANT.EXCHANGED_AT))
            .set(OAUTH2_DEVICE_CODE_GRANT.OAUTH2_SESSION_ID, value(OAUTH2_DEVICE_CODE_GRANT.OAUTH2_SESSION_ID))
            .where(byId())
            .and(OAUTH2_DEVICE_CODE_GRANT.FULFILLED_AT.isNotNull()
                    .and(OAUTH2_DEVICE_CODE_GRANT.EXCHANGED_AT.isNull())));

    @Override
    public Mono<DeviceCodeGrant> exchange(Clock clock, DeviceCodeGrant grant, OAuth2Session session) {
        return db.change("db.oauth2_device_code_grant.exchange", () -> grant.exchange(clock.now(), session.id()),
                exchanged -> EXCHANGE.with(
                        timestamp(((DeviceCodeGrant.State.Exchanged) exchanged.state()).exchangedAt()),
                        uuid(session.id()),
                        uuid(grant.id())),
                TABLE, grant.id());
    }

    /** The row a state change is about: its id is the call's last value (after the SET values). */
    private static Condition byId() {
        return eqValue(OAUTH2_DEVICE_CODE_GRANT.OAUTH2_DEVICE_CODE_GRANT_ID);
    }

    @Override
    public Mono<Cleanup> cleanup(Instant since, Instant until, int limit) {
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetch("db.oauth2_device_code_grant.cleanup",
                        OAuth2Cleanups.deviceCodeGrants(dsl, since, until, limit))))
                .map(row -> ulid(row.value1()).timestamp())
                .collectList()
                .map(Cleanups::batch);
    }

    static DeviceCodeGrant grant(Oauth2DeviceCodeGrantRecord row) {
        Ulid id = ulid(row.getOauth2DeviceCodeGrantId());
        Scope scope;
        try {
            scope = Scope.parse(row.getScope());
        } catch (IllegalArgumentException e) {
            throw new InconsistencyException(TABLE, "scope", id, "not a scope");
        }
        return new DeviceCodeGrant(id, state(id, row), ulid(row.getOauth2ClientId()), scope, row.getUserCode(),
                row.getDeviceCode(), instant(row.getCreatedAt()), instant(row.getExpiresAt()),
                optionalAddress(row.getIpAddress()), Optional.ofNullable(row.getUserAgent()),
                Optional.ofNullable(row.getLocale()));
    }

    private static DeviceCodeGrant.State state(Ulid id, Oauth2DeviceCodeGrantRecord row) {
        Instant fulfilled = instant(row.getFulfilledAt());
        Instant rejected = instant(row.getRejectedAt());
        Instant exchanged = instant(row.getExchangedAt());
        UUID browserSession = row.getUserSessionId();
        UUID session = row.getOauth2SessionId();
        if (fulfilled == null && rejected == null && exchanged == null && browserSession == null && session == null) {
            return DeviceCodeGrant.State.PENDING;
        }
        if (fulfilled != null && rejected == null && exchanged == null && browserSession != null && session == null) {
            return new DeviceCodeGrant.State.Fulfilled(ulid(browserSession), fulfilled);
        }
        if (fulfilled == null && rejected != null && exchanged == null && browserSession != null && session == null) {
            return new DeviceCodeGrant.State.Rejected(ulid(browserSession), rejected);
        }
        if (fulfilled != null && rejected == null && exchanged != null && browserSession != null && session != null) {
            return new DeviceCodeGrant.State.Exchanged(ulid(browserSession), fulfilled, exchanged, ulid(session));
        }
        throw new InconsistencyException(TABLE, "fulfilled_at", id,
                "the state timestamps and session ids do not describe one state");
    }
}
