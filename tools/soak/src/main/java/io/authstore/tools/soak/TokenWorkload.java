package io.authstore.tools.soak;

import io.authstore.storage.Clock;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.RepositoryFactory;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatAccessToken;
import io.authstore.storage.compat.CompatRefreshToken;
import io.authstore.storage.compat.CompatRefreshTokenReplacement;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.oauth2.AccessToken;
import io.authstore.storage.oauth2.GrantType;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2ClientMetadata;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.RefreshToken;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.personal.PersonalAccessToken;
import io.authstore.storage.personal.PersonalSession;
import io.authstore.storage.personal.PersonalSessionOwner;
import io.authstore.storage.users.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The soak's token traffic: OAuth 2.0 sessions with access and refresh tokens (issue, introspection, refresh as
 * MAS's refresh-token grant does it, finish) for one client registered at the start, and compatibility logins with
 * their refreshes, including two concurrent refreshes of the same token of which exactly one may succeed.
 */
final class TokenWorkload {

    /** Long enough that no token expires during a soak of any sensible length; the check allows for it anyway. */
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Duration RACE_BARRIER_TIMEOUT = Duration.ofMillis(500);
    private static final Scope SCOPE = Scope.of(Scope.OPENID, "urn:matrix:client:api:*");

    /** What a soak client needs of its owner: its users, its random numbers, unique names and its token state. */
    interface Owner {
        User anyUser();

        SplittableRandom random();

        String nextName(String kind);

        Tokens tokens();
    }

    /** A usable OAuth 2.0 session of a client: active, with its latest access and refresh tokens. */
    record OAuth2Grant(OAuth2Session session, Ulid userId, AccessToken accessToken, RefreshToken refreshToken) {}

    /** An access token a client was issued, for whom. */
    record IssuedAccessToken(AccessToken token, Ulid userId) {}

    /** A usable compatibility session: active, with its latest access and refresh tokens. */
    record CompatGrant(CompatSession session, CompatAccessToken accessToken, CompatRefreshToken refreshToken) {}

    /** An active personal session with its token, whose value the check can only compare by its SHA-256. */
    record PersonalGrant(PersonalSession session, PersonalAccessToken token) {}

    /** One client's tokens; only its own loop touches them. */
    static final class Tokens {
        final List<OAuth2Grant> oauth2Grants = new ArrayList<>();
        final List<IssuedAccessToken> issued = new ArrayList<>();
        final Set<Ulid> revokedAccessTokens = new HashSet<>();
        final Set<Ulid> finishedSessions = new HashSet<>();
        final List<CompatGrant> compatGrants = new ArrayList<>();
        final List<PersonalGrant> personalGrants = new ArrayList<>();
    }

    private record Refreshed(OAuth2Session session, RefreshToken consumed, Optional<AccessToken> revoked,
            AccessToken accessToken, RefreshToken refreshToken) {}

    private record CompatRefreshed(CompatRefreshTokenReplacement replacement, CompatAccessToken accessToken,
            Optional<CompatAccessToken> expired) {}

    private final RepositoryFactory factory;
    private final Ledger ledger;
    private final Stats stats;
    private final Clock clock = Clock.system();
    private final RandomSource random = RandomSource.secure();
    private volatile OAuth2Client client;

    TokenWorkload(RepositoryFactory factory, Ledger ledger, Stats stats) {
        this.factory = factory;
        this.ledger = ledger;
        this.stats = stats;
    }

    /** Registers the OAuth 2.0 client every soak client issues tokens for; before the clients start. */
    Mono<OAuth2Client> registerClient() {
        OAuth2ClientMetadata metadata = OAuth2ClientMetadata.builder()
                .redirectUris("https://soak.example.org/callback")
                .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
                .clientName("authstore soak")
                .applicationType("web")
                .tokenEndpointAuthMethod("none")
                .build();
        return factory.transaction(session -> session.oauth2Client().add(clock, random, metadata))
                .doOnNext(added -> {
                    client = added;
                    ledger.committed(added);
                });
    }

    // ---- OAuth 2.0 ----

    /** A session for one of the client's users, with an access and a refresh token, in one unit of work. */
    Mono<?> issueToken(Owner owner) {
        User user = owner.anyUser();
        String access = owner.nextName("mat");
        String refresh = owner.nextName("mar");
        return factory.transaction(session -> issue(session, user, access, refresh))
                .doOnNext(grant -> {
                    ledger.committed(grant.session());
                    ledger.committed(grant.accessToken());
                    ledger.committed(grant.refreshToken());
                    owner.tokens().oauth2Grants.add(grant);
                    owner.tokens().issued.add(new IssuedAccessToken(grant.accessToken(), user.id()));
                });
    }

    private Mono<OAuth2Grant> issue(RepositorySession session, User user, String access, String refresh) {
        return session.oauth2Session().add(clock, random, client, Optional.of(user), Optional.empty(), SCOPE)
                .flatMap(oauth2Session -> session.oauth2AccessToken()
                        .add(clock, random, oauth2Session, access, Optional.of(ACCESS_TOKEN_LIFETIME))
                        .flatMap(accessToken -> session.oauth2RefreshToken()
                                .add(clock, random, oauth2Session, accessToken, refresh)
                                .map(refreshToken -> new OAuth2Grant(oauth2Session, user.id(), accessToken,
                                        refreshToken))));
    }

    /**
     * What a resource server does with a token, in one unit of work that only reads: the token by its value, its
     * session, the session's user; compared with what this client committed.
     */
    Mono<?> introspect(Owner owner) {
        Tokens tokens = owner.tokens();
        IssuedAccessToken issued = tokens.issued.get(owner.random().nextInt(tokens.issued.size()));
        AccessToken expected = issued.token();
        boolean revoked = tokens.revokedAccessTokens.contains(expected.id());
        boolean finished = tokens.finishedSessions.contains(expected.sessionId());
        return factory.transaction(session -> session.oauth2AccessToken().findByToken(expected.token())
                .switchIfEmpty(Workload.mismatch("findByToken found no access token " + expected.id()))
                .flatMap(found -> {
                    boolean validExpected = !revoked && !expected.isExpired(clock.now());
                    if (!found.id().equals(expected.id()) || !found.sessionId().equals(expected.sessionId())
                            || found.isValid(clock.now()) != validExpected) {
                        return Workload.mismatch("findByToken returned " + found + " for " + expected
                                + (revoked ? " (revoked)" : " (not revoked)"));
                    }
                    return session.oauth2Session().lookup(found.sessionId())
                            .switchIfEmpty(Workload.mismatch("lookup found no OAuth 2.0 session "
                                    + found.sessionId()));
                })
                .flatMap(oauth2Session -> {
                    if (oauth2Session.isActive() == finished
                            || !oauth2Session.userId().equals(Optional.of(issued.userId()))
                            || !oauth2Session.clientId().equals(client.id())) {
                        return Workload.mismatch("lookup returned " + oauth2Session + " for a session "
                                + (finished ? "finished" : "active") + " of user " + issued.userId());
                    }
                    return session.user().lookup(issued.userId())
                            .switchIfEmpty(Workload.mismatch("lookup found no user " + issued.userId()));
                }));
    }

    /** A refresh as MAS's refresh-token grant does it, in one unit of work. */
    Mono<?> refresh(Owner owner) {
        Tokens tokens = owner.tokens();
        OAuth2Grant grant = take(tokens.oauth2Grants, owner.random());
        String access = owner.nextName("mat");
        String refresh = owner.nextName("mar");
        return factory.transaction(session -> refresh(session, grant, access, refresh))
                .doOnNext(refreshed -> {
                    ledger.committed(refreshed.consumed());
                    refreshed.revoked().ifPresent(ledger::committed);
                    ledger.committed(refreshed.accessToken());
                    ledger.committed(refreshed.refreshToken());
                    refreshed.revoked().ifPresent(revoked -> tokens.revokedAccessTokens.add(revoked.id()));
                    tokens.issued.add(new IssuedAccessToken(refreshed.accessToken(), grant.userId()));
                    tokens.oauth2Grants.add(new OAuth2Grant(refreshed.session(), grant.userId(),
                            refreshed.accessToken(), refreshed.refreshToken()));
                });
    }

    private Mono<Refreshed> refresh(RepositorySession session, OAuth2Grant grant, String access, String refresh) {
        return session.oauth2RefreshToken().findByToken(grant.refreshToken().token())
                .switchIfEmpty(Workload.mismatch("findByToken found no refresh token " + grant.refreshToken().id()))
                .flatMap(presented -> !presented.id().equals(grant.refreshToken().id()) || !presented.isValid()
                        ? Workload.mismatch("findByToken returned " + presented + ", committed "
                                + grant.refreshToken())
                        : session.oauth2Session().lookup(presented.sessionId())
                                .switchIfEmpty(Workload.mismatch("lookup found no OAuth 2.0 session "
                                        + presented.sessionId()))
                                .flatMap(oauth2Session -> !oauth2Session.isActive()
                                        ? Workload.mismatch("the active OAuth 2.0 session " + oauth2Session.id()
                                                + " is finished")
                                        : replace(session, oauth2Session, presented, access, refresh)));
    }

    /** A new token pair, the presented refresh token consumed and linked to the new one, its access token revoked. */
    private Mono<Refreshed> replace(RepositorySession session, OAuth2Session oauth2Session, RefreshToken presented,
            String access, String refresh) {
        return session.oauth2AccessToken()
                .add(clock, random, oauth2Session, access, Optional.of(ACCESS_TOKEN_LIFETIME))
                .flatMap(accessToken -> session.oauth2RefreshToken()
                        .add(clock, random, oauth2Session, accessToken, refresh)
                        .flatMap(refreshToken -> session.oauth2RefreshToken()
                                .consume(clock, presented, refreshToken)
                                .flatMap(consumed -> Mono.justOrEmpty(consumed.accessTokenId())
                                        .flatMap(id -> session.oauth2AccessToken().lookup(id))
                                        .filter(old -> !old.isRevoked())
                                        .flatMap(old -> session.oauth2AccessToken().revoke(clock, old))
                                        .map(Optional::of)
                                        .defaultIfEmpty(Optional.empty())
                                        .map(revoked -> new Refreshed(oauth2Session, consumed, revoked, accessToken,
                                                refreshToken)))));
    }

    Mono<?> finishOAuth2Session(Owner owner) {
        Tokens tokens = owner.tokens();
        OAuth2Grant grant = take(tokens.oauth2Grants, owner.random());
        return factory.transaction(session -> session.oauth2Session().lookup(grant.session().id())
                        .switchIfEmpty(Workload.mismatch("lookup found no OAuth 2.0 session " + grant.session().id()))
                        .flatMap(oauth2Session -> session.oauth2Session().finish(clock, oauth2Session)))
                .doOnNext(finished -> {
                    ledger.committedFinish(finished);
                    tokens.finishedSessions.add(finished.id());
                });
    }

    /** A refresh whose unit of work is cancelled with {@code cancel()}: nothing of it may remain. */
    Mono<?> cancelledRefresh(Owner owner) {
        Tokens tokens = owner.tokens();
        OAuth2Grant grant = tokens.oauth2Grants.get(owner.random().nextInt(tokens.oauth2Grants.size()));
        String access = owner.nextName("cancelled-mat");
        String refresh = owner.nextName("cancelled-mar");
        ledger.cancelledToken(access);
        ledger.cancelledToken(refresh);
        return Workload.inSessionThenCancel(factory, session -> refresh(session, grant, access, refresh));
    }

    /** A token issue whose subscription goes away at a random moment: nothing of it may remain. */
    Mono<?> cancelledTokenIssue(Owner owner, Duration cancelAfter) {
        User user = owner.anyUser();
        String access = owner.nextName("abandoned-mat");
        String refresh = owner.nextName("abandoned-mar");
        ledger.cancelledToken(access);
        ledger.cancelledToken(refresh);
        return factory.transaction(session -> issue(session, user, access, refresh).then(Mono.never()))
                .timeout(cancelAfter, Mono.empty());
    }

    // ---- compatibility ----

    /** A compatibility login: a session with an access and a refresh token, in one unit of work. */
    Mono<?> compatLogin(Owner owner) {
        User user = owner.anyUser();
        String device = owner.nextName("device");
        String access = owner.nextName("mct");
        String refresh = owner.nextName("mcr");
        return factory.transaction(session -> session.compatSession()
                        .add(clock, random, user, device, Optional.empty(), false, Optional.empty())
                        .flatMap(compatSession -> session.compatAccessToken()
                                .add(clock, random, compatSession, access, Optional.of(ACCESS_TOKEN_LIFETIME))
                                .flatMap(accessToken -> session.compatRefreshToken()
                                        .add(clock, random, compatSession, accessToken, refresh)
                                        .map(refreshToken -> new CompatGrant(compatSession, accessToken,
                                                refreshToken)))))
                .doOnNext(grant -> {
                    ledger.committed(grant.session());
                    ledger.committed(grant.accessToken());
                    ledger.committed(grant.refreshToken());
                    owner.tokens().compatGrants.add(grant);
                });
    }

    /** A compatibility refresh as MAS's handler does it, in one unit of work. */
    Mono<?> compatRefresh(Owner owner) {
        Tokens tokens = owner.tokens();
        CompatGrant grant = take(tokens.compatGrants, owner.random());
        String access = owner.nextName("mct");
        String refresh = owner.nextName("mcr");
        return factory.transaction(session -> session.compatRefreshToken().findByToken(grant.refreshToken().token())
                        .switchIfEmpty(Workload.mismatch("findByToken found no compat refresh token "
                                + grant.refreshToken().id()))
                        .flatMap(presented -> !presented.id().equals(grant.refreshToken().id()) || !presented.isValid()
                                ? Workload.mismatch("findByToken returned " + presented + ", committed "
                                        + grant.refreshToken())
                                : session.compatSession().lookup(presented.sessionId())
                                        .switchIfEmpty(Workload.mismatch("lookup found no compat session "
                                                + presented.sessionId()))
                                        .flatMap(compatSession -> !compatSession.isActive()
                                                ? Workload.mismatch("the active compat session "
                                                        + compatSession.id() + " is finished")
                                                : compatReplace(session, compatSession, presented, access,
                                                        refresh))))
                .doOnNext(refreshed -> committedCompatRefresh(tokens, grant, refreshed));
    }

    private Mono<CompatRefreshed> compatReplace(RepositorySession session, CompatSession compatSession,
            CompatRefreshToken presented, String access, String refresh) {
        return session.compatAccessToken().lookup(presented.accessTokenId())
                .filter(old -> old.isValidAt(clock.now()))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(old -> session.compatAccessToken()
                        .add(clock, random, compatSession, access, Optional.of(ACCESS_TOKEN_LIFETIME))
                        .flatMap(accessToken -> session.compatRefreshToken()
                                .consumeAndReplace(clock, random, presented, accessToken, refresh)
                                .flatMap(replacement -> Mono.justOrEmpty(old)
                                        .flatMap(valid -> session.compatAccessToken().expire(clock, valid))
                                        .map(Optional::of)
                                        .defaultIfEmpty(Optional.empty())
                                        .map(expired -> new CompatRefreshed(replacement, accessToken, expired)))));
    }

    /**
     * Two units of work refreshing the same compatibility refresh token at the same time: exactly one may succeed;
     * the other's {@link NotAffectedException} is expected, and nothing it wrote may remain.
     */
    Mono<?> compatRefreshRace(Owner owner) {
        Tokens tokens = owner.tokens();
        CompatGrant grant = take(tokens.compatGrants, owner.random());
        List<String[]> values = List.of(
                new String[] {owner.nextName("race-mct"), owner.nextName("race-mcr")},
                new String[] {owner.nextName("race-mct"), owner.nextName("race-mcr")});
        // Both wait for each other with their transaction open before they consume, so that they really overlap;
        // not for long, since the other may still be queueing for a connection that this one's wait holds up.
        AtomicInteger arrived = new AtomicInteger();
        Sinks.Empty<Void> bothArrived = Sinks.empty();
        Mono<Void> barrier = Mono.defer(() -> {
            if (arrived.incrementAndGet() == 2) {
                stats.note("compat_refresh_race_overlapped");
                bothArrived.tryEmitEmpty();
            }
            return bothArrived.asMono().timeout(RACE_BARRIER_TIMEOUT,
                    Mono.fromRunnable(() -> stats.note("compat_refresh_race_barrier_timed_out")));
        });
        List<Mono<Optional<CompatRefreshed>>> contenders = new ArrayList<>(2);
        for (String[] value : values) {
            contenders.add(factory.transaction(session -> compatSessionOf(session, grant)
                            .flatMap(compatSession -> session.compatAccessToken()
                                    .add(clock, random, compatSession, value[0],
                                            Optional.of(ACCESS_TOKEN_LIFETIME))
                                    .delayUntil(accessToken -> barrier)
                                    .flatMap(accessToken -> session.compatRefreshToken()
                                            .consumeAndReplace(clock, random, grant.refreshToken(), accessToken,
                                                    value[1])
                                            .flatMap(replacement -> session.compatAccessToken()
                                                    .expire(clock, grant.accessToken())
                                                    .map(expired -> new CompatRefreshed(replacement, accessToken,
                                                            Optional.of(expired)))))))
                    .map(Optional::of)
                    .onErrorResume(NotAffectedException.class, lost -> {
                        stats.expected(lost);
                        ledger.cancelledToken(value[0]);
                        ledger.cancelledToken(value[1]);
                        return Mono.just(Optional.empty());
                    }));
        }
        return Mono.zip(contenders.get(0), contenders.get(1)).flatMap(outcomes -> {
            List<CompatRefreshed> won = new ArrayList<>(2);
            outcomes.getT1().ifPresent(won::add);
            outcomes.getT2().ifPresent(won::add);
            won.forEach(refreshed -> committedCompatRefresh(tokens, grant, refreshed));
            return won.size() == 1 ? Mono.just(won.get(0)) : Workload.mismatch(won.size()
                    + " of two concurrent refreshes of compat refresh token " + grant.refreshToken().id()
                    + " succeeded");
        });
    }

    private static Mono<CompatSession> compatSessionOf(RepositorySession session, CompatGrant grant) {
        return session.compatSession().lookup(grant.session().id())
                .switchIfEmpty(Workload.mismatch("lookup found no compat session " + grant.session().id()));
    }

    private void committedCompatRefresh(Tokens tokens, CompatGrant grant, CompatRefreshed refreshed) {
        ledger.committed(refreshed.replacement().consumed());
        ledger.committed(refreshed.replacement().successor());
        ledger.committed(refreshed.accessToken());
        refreshed.expired().ifPresent(ledger::committed);
        tokens.compatGrants.add(new CompatGrant(grant.session(), refreshed.accessToken(),
                refreshed.replacement().successor()));
    }

    /** A random element, no longer offered once taken: whatever happens to it either commits or fails. */
    private static <T> T take(List<T> from, SplittableRandom random) {
        int last = from.size() - 1;
        int chosen = random.nextInt(from.size());
        T taken = from.get(chosen);
        from.set(chosen, from.get(last));
        from.remove(last);
        return taken;
    }

    /**
     * A personal session of a user for itself with its token, then, in the same unit of work, the token found by its
     * value (the repository hashes it) and as the session's active one.
     */
    Mono<?> personalToken(Owner owner) {
        User user = owner.anyUser();
        String value = owner.nextName("mpt");
        return factory.transaction(session -> session.personalSession()
                        .add(clock, random, PersonalSessionOwner.user(user), user, owner.nextName("bot"),
                                Set.of(Scope.OPENID))
                        .flatMap(personal -> session.personalAccessToken()
                                .add(clock, random, personal, value, Optional.empty())
                                .flatMap(token -> session.personalAccessToken().findByToken(value)
                                        .filter(found -> found.equals(token))
                                        .switchIfEmpty(Workload.mismatch("findByToken did not find personal token "
                                                + token.id()))
                                        .then(session.personalAccessToken().findActiveForSession(personal))
                                        .filter(found -> found.equals(token))
                                        .switchIfEmpty(Workload.mismatch("findActiveForSession did not find "
                                                + token.id()))
                                        .thenReturn(new PersonalGrant(personal, token)))))
                .doOnNext(grant -> {
                    ledger.committed(grant.session());
                    ledger.committed(grant.token(), sha256(value));
                    owner.tokens().personalGrants.add(grant);
                });
    }

    /** Revokes a personal session, which revokes its token with it. */
    Mono<?> revokePersonalSession(Owner owner) {
        List<PersonalGrant> grants = owner.tokens().personalGrants;
        PersonalGrant grant = grants.remove(owner.random().nextInt(grants.size()));
        return factory.transaction(session -> session.personalSession().revoke(clock, grant.session()))
                .doOnNext(revoked -> ledger.committedRevocation(revoked, grant.token().id()));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
