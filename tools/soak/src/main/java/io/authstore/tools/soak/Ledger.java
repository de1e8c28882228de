package io.authstore.tools.soak;

import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatAccessToken;
import io.authstore.storage.compat.CompatRefreshToken;
import io.authstore.storage.compat.CompatRefreshTokenState;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.oauth2.AccessToken;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.RefreshToken;
import io.authstore.storage.personal.PersonalAccessToken;
import io.authstore.storage.personal.PersonalSession;
import io.authstore.storage.personal.PersonalSessionState;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserEmail;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the database must hold at the end: each write as its committed unit of work returned it, and the marks of
 * every write whose unit of work was cancelled, which it must not hold. Writes whose unit of work failed are in
 * neither: their outcome is unknown, and they are counted as errors.
 */
final class Ledger {

    record UserRow(Ulid id, String username, Instant createdAt) {}

    record SessionRow(Ulid id, Ulid userId, Optional<String> userAgent, Instant createdAt) {}

    record EmailRow(Ulid id, Ulid userId, String email, Instant createdAt) {}

    record OAuth2SessionRow(Ulid id, Ulid clientId, Optional<Ulid> userId, Instant createdAt,
            Optional<Instant> finishedAt) {}

    /** An OAuth 2.0 access token as committed last: {@code revokedAt} set by a refresh that revoked it. */
    record AccessTokenRow(Ulid id, Ulid sessionId, String token, Instant createdAt, Optional<Instant> expiresAt,
            Optional<Instant> revokedAt) {}

    /** An OAuth 2.0 refresh token as committed last: consumed with the link to its successor, or revoked. */
    record RefreshTokenRow(Ulid id, Ulid sessionId, Optional<Ulid> accessTokenId, String token, Instant createdAt,
            Optional<Instant> consumedAt, Optional<Ulid> nextRefreshTokenId, Optional<Instant> revokedAt) {}

    record CompatSessionRow(Ulid id, Ulid userId, Optional<String> deviceId, Instant createdAt,
            Optional<Instant> finishedAt) {}

    record CompatAccessTokenRow(Ulid id, Ulid sessionId, String token, Instant createdAt,
            Optional<Instant> expiresAt) {}

    record CompatRefreshTokenRow(Ulid id, Ulid sessionId, Ulid accessTokenId, String token, Instant createdAt,
            Optional<Instant> consumedAt) {}

    private final Map<Ulid, UserRow> users = new ConcurrentHashMap<>();
    private final Map<Ulid, SessionRow> sessions = new ConcurrentHashMap<>();
    private final Map<Ulid, Instant> finishedAt = new ConcurrentHashMap<>();
    private final Map<Ulid, Instant> lastActiveAt = new ConcurrentHashMap<>();
    private final Map<Ulid, EmailRow> emails = new ConcurrentHashMap<>();

    /** A personal session as committed last; its owner is one of the soak's users, who is also the actor. */
    record PersonalSessionRow(Ulid id, Ulid userId, String humanName, Instant createdAt,
            Optional<Instant> revokedAt) {}

    /** A personal access token as committed last, with the SHA-256 (hex) of its value: all the table may hold. */
    record PersonalTokenRow(Ulid id, Ulid sessionId, String sha256, Instant createdAt, Optional<Instant> revokedAt) {}

    private final Map<Ulid, PersonalSessionRow> personalSessions = new ConcurrentHashMap<>();
    private final Map<Ulid, PersonalTokenRow> personalTokens = new ConcurrentHashMap<>();
    private final Map<Ulid, Ulid> oauth2Clients = new ConcurrentHashMap<>();
    private final Map<Ulid, OAuth2SessionRow> oauth2Sessions = new ConcurrentHashMap<>();
    private final Map<Ulid, AccessTokenRow> accessTokens = new ConcurrentHashMap<>();
    private final Map<Ulid, RefreshTokenRow> refreshTokens = new ConcurrentHashMap<>();
    private final Map<Ulid, CompatSessionRow> compatSessions = new ConcurrentHashMap<>();
    private final Map<Ulid, CompatAccessTokenRow> compatAccessTokens = new ConcurrentHashMap<>();
    private final Map<Ulid, CompatRefreshTokenRow> compatRefreshTokens = new ConcurrentHashMap<>();
    private final Set<String> cancelledTokens = ConcurrentHashMap.newKeySet();

    private final QueueLedger jobs = new QueueLedger();

    private final Set<String> cancelledUsernames = ConcurrentHashMap.newKeySet();
    private final Set<String> cancelledUserAgents = ConcurrentHashMap.newKeySet();
    private final Set<String> cancelledEmails = ConcurrentHashMap.newKeySet();
    private final Map<Ulid, Set<Instant>> cancelledFinishes = new ConcurrentHashMap<>();

    void committed(User user) {
        users.put(user.id(), new UserRow(user.id(), user.username(), user.createdAt()));
    }

    void committed(BrowserSession session) {
        sessions.put(session.id(), new SessionRow(session.id(), session.user().id(), session.userAgent(),
                session.createdAt()));
        session.finishedAt().ifPresent(at -> finishedAt.put(session.id(), at));
    }

    void committed(UserEmail email) {
        emails.put(email.id(), new EmailRow(email.id(), email.userId(), email.email(), email.createdAt()));
    }

    /** Per session the latest time wins, as recordBatchActivity stores it. */
    void committedActivity(Collection<ActivityRecord> activity) {
        for (ActivityRecord record : activity) {
            lastActiveAt.merge(record.sessionId(), record.at(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    void committed(OAuth2Client client) {
        oauth2Clients.put(client.id(), client.id());
    }

    void committed(OAuth2Session session) {
        oauth2Sessions.put(session.id(), new OAuth2SessionRow(session.id(), session.clientId(), session.userId(),
                session.createdAt(), session.finishedAt()));
    }

    /** A finish: the session as its finishing unit of work returned it. */
    void committedFinish(OAuth2Session session) {
        committed(session);
    }

    void committed(AccessToken token) {
        accessTokens.put(token.id(), new AccessTokenRow(token.id(), token.sessionId(), token.token(),
                token.createdAt(), token.expiresAt(), token.state() instanceof AccessToken.State.Revoked(var at)
                        ? Optional.of(at) : Optional.empty()));
    }

    void committed(RefreshToken token) {
        Optional<Instant> consumedAt = token.state() instanceof RefreshToken.State.Consumed consumed
                ? Optional.of(consumed.consumedAt()) : Optional.empty();
        Optional<Instant> revokedAt = token.state() instanceof RefreshToken.State.Revoked(var at)
                ? Optional.of(at) : Optional.empty();
        refreshTokens.put(token.id(), new RefreshTokenRow(token.id(), token.sessionId(), token.accessTokenId(),
                token.token(), token.createdAt(), consumedAt, token.nextRefreshTokenId(), revokedAt));
    }

    void committed(CompatSession session) {
        compatSessions.put(session.id(), new CompatSessionRow(session.id(), session.userId(), session.deviceId(),
                session.createdAt(), session.finishedAt()));
    }

    void committed(CompatAccessToken token) {
        compatAccessTokens.put(token.id(), new CompatAccessTokenRow(token.id(), token.sessionId(), token.token(),
                token.createdAt(), token.expiresAt()));
    }

    void committed(CompatRefreshToken token) {
        compatRefreshTokens.put(token.id(), new CompatRefreshTokenRow(token.id(), token.sessionId(),
                token.accessTokenId(), token.token(), token.createdAt(),
                token.state() instanceof CompatRefreshTokenState.Consumed(var at)
                        ? Optional.of(at) : Optional.empty()));
    }

    void committed(PersonalSession session) {
        personalSessions.put(session.id(), new PersonalSessionRow(session.id(), session.actorUserId(),
                session.humanName(), session.createdAt(),
                session.state() instanceof PersonalSessionState.Revoked(var at) ? Optional.of(at) : Optional.empty()));
    }

    void committed(PersonalAccessToken token, String sha256) {
        personalTokens.put(token.id(), new PersonalTokenRow(token.id(), token.sessionId(), sha256, token.createdAt(),
                token.revokedAt()));
    }

    /** A revocation of the session committed: its token was revoked at the same time. */
    void committedRevocation(PersonalSession session, Ulid tokenId) {
        committed(session);
        personalTokens.computeIfPresent(tokenId, (id, row) -> new PersonalTokenRow(id, row.sessionId(), row.sha256(),
                row.createdAt(), session.state() instanceof PersonalSessionState.Revoked(var at)
                        ? Optional.of(at) : row.revokedAt()));
    }

    Map<Ulid, PersonalSessionRow> personalSessions() {
        return personalSessions;
    }

    Map<Ulid, PersonalTokenRow> personalTokens() {
        return personalTokens;
    }

    /** A token value (OAuth 2.0 or compatibility, access or refresh) that a cancelled unit of work wrote. */
    void cancelledToken(String token) {
        cancelledTokens.add(token);
    }

    /** The queue's jobs and their runs. */
    QueueLedger jobs() {
        return jobs;
    }

    Set<Ulid> oauth2Clients() {
        return oauth2Clients.keySet();
    }

    Map<Ulid, OAuth2SessionRow> oauth2Sessions() {
        return oauth2Sessions;
    }

    Map<Ulid, AccessTokenRow> accessTokens() {
        return accessTokens;
    }

    Map<Ulid, RefreshTokenRow> refreshTokens() {
        return refreshTokens;
    }

    Map<Ulid, CompatSessionRow> compatSessions() {
        return compatSessions;
    }

    Map<Ulid, CompatAccessTokenRow> compatAccessTokens() {
        return compatAccessTokens;
    }

    Map<Ulid, CompatRefreshTokenRow> compatRefreshTokens() {
        return compatRefreshTokens;
    }

    Set<String> cancelledTokens() {
        return cancelledTokens;
    }

    void cancelledUser(String username) {
        cancelledUsernames.add(username);
    }

    void cancelledUserAgent(String userAgent) {
        cancelledUserAgents.add(userAgent);
    }

    void cancelledEmail(String email) {
        cancelledEmails.add(email);
    }

    void cancelledFinish(BrowserSession finished) {
        cancelledFinishes.computeIfAbsent(finished.id(), id -> ConcurrentHashMap.newKeySet())
                .add(finished.finishedAt().orElseThrow());
    }

    Map<Ulid, UserRow> users() {
        return users;
    }

    Map<Ulid, SessionRow> sessions() {
        return sessions;
    }

    Optional<Instant> finishedAt(Ulid session) {
        return Optional.ofNullable(finishedAt.get(session));
    }

    Optional<Instant> lastActiveAt(Ulid session) {
        return Optional.ofNullable(lastActiveAt.get(session));
    }

    Map<Ulid, EmailRow> emails() {
        return emails;
    }

    Set<String> cancelledUsernames() {
        return cancelledUsernames;
    }

    Set<String> cancelledUserAgents() {
        return cancelledUserAgents;
    }

    Set<String> cancelledEmails() {
        return cancelledEmails;
    }

    Set<Instant> cancelledFinishes(Ulid session) {
        return cancelledFinishes.getOrDefault(session, Set.of());
    }

    int cancelledFinishCount() {
        return cancelledFinishes.values().stream().mapToInt(Set::size).sum();
    }

    int finishCount() {
        return finishedAt.size();
    }

    int activeSessionsWithActivity() {
        return lastActiveAt.size();
    }

    /** The address a session's activity comes from: one per session, so that the stored one can be checked. */
    static InetAddress addressOf(Ulid session) {
        int hash = session.hashCode();
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (hash >>> 16), (byte) (hash >>> 8), (byte) hash});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }
}
