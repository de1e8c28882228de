package io.authstore.storage.oauth2;

import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which OAuth 2.0 sessions a list, count or bulk finish is about. Immutable: each method returns a narrower filter.
 * Time bounds are exclusive; "created" bounds are checked on the id, which starts with the creation time.
 *
 * @param hasUser present: sessions with ({@code true}) or without ({@code false}) a user
 * @param clientIds present: sessions of one of these clients (none when the list is empty)
 * @param isStaticClient present: sessions of static ({@code true}) or dynamic clients
 * @param scope present: sessions whose scope holds every token of it
 * @param deviceId present: sessions holding this device's scope token (stable or unstable form)
 * @param browserSessions present: sessions started from a browser session this filter matches
 */
public record OAuth2SessionFilter(
        Optional<Ulid> userId,
        Optional<Boolean> hasUser,
        Optional<Ulid> browserSessionId,
        Optional<BrowserSessionFilter> browserSessions,
        Optional<String> deviceId,
        Optional<Ulid> clientId,
        Optional<List<Ulid>> clientIds,
        Optional<Boolean> isStaticClient,
        Optional<SessionState.Kind> state,
        Optional<Scope> scope,
        Optional<Instant> lastActiveBefore,
        Optional<Instant> lastActiveAfter,
        Optional<Instant> createdBefore,
        Optional<Instant> createdAfter) {

    private static final OAuth2SessionFilter ALL = new OAuth2SessionFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public OAuth2SessionFilter {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(hasUser, "hasUser");
        Objects.requireNonNull(browserSessionId, "browserSessionId");
        Objects.requireNonNull(browserSessions, "browserSessions");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientIds, "clientIds");
        clientIds = clientIds.map(List::copyOf);
        Objects.requireNonNull(isStaticClient, "isStaticClient");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(lastActiveBefore, "lastActiveBefore");
        Objects.requireNonNull(lastActiveAfter, "lastActiveAfter");
        Objects.requireNonNull(createdBefore, "createdBefore");
        Objects.requireNonNull(createdAfter, "createdAfter");
    }

    public static OAuth2SessionFilter all() {
        return ALL;
    }

    private OAuth2SessionFilter with(int field, Object value) {
        Optional<?> v = Optional.of(value);
        return new OAuth2SessionFilter(
                field == 0 ? cast(v) : userId, field == 1 ? cast(v) : hasUser,
                field == 2 ? cast(v) : browserSessionId, field == 3 ? cast(v) : browserSessions,
                field == 4 ? cast(v) : deviceId, field == 5 ? cast(v) : clientId, field == 6 ? cast(v) : clientIds,
                field == 7 ? cast(v) : isStaticClient, field == 8 ? cast(v) : state, field == 9 ? cast(v) : scope,
                field == 10 ? cast(v) : lastActiveBefore, field == 11 ? cast(v) : lastActiveAfter,
                field == 12 ? cast(v) : createdBefore, field == 13 ? cast(v) : createdAfter);
    }

    @SuppressWarnings("unchecked")
    private static <T> Optional<T> cast(Optional<?> value) {
        return (Optional<T>) value;
    }

    public OAuth2SessionFilter user(User user) {
        return with(0, user.id());
    }

    /** Sessions that act for a user (not client credentials). */
    public OAuth2SessionFilter anyUser() {
        return with(1, true);
    }

    /** Sessions that act for no user (client credentials). */
    public OAuth2SessionFilter noUser() {
        return with(1, false);
    }

    public OAuth2SessionFilter browserSession(BrowserSession session) {
        return with(2, session.id());
    }

    public OAuth2SessionFilter browserSessions(BrowserSessionFilter filter) {
        return with(3, filter);
    }

    public OAuth2SessionFilter device(String deviceId) {
        return with(4, deviceId);
    }

    public OAuth2SessionFilter client(OAuth2Client client) {
        return with(5, client.id());
    }

    public OAuth2SessionFilter clients(Collection<OAuth2Client> clients) {
        return with(6, clients.stream().map(OAuth2Client::id).toList());
    }

    public OAuth2SessionFilter onlyStaticClients() {
        return with(7, true);
    }

    public OAuth2SessionFilter onlyDynamicClients() {
        return with(7, false);
    }

    public OAuth2SessionFilter active() {
        return with(8, SessionState.Kind.ACTIVE);
    }

    public OAuth2SessionFilter finished() {
        return with(8, SessionState.Kind.FINISHED);
    }

    public OAuth2SessionFilter scope(Scope scope) {
        return with(9, scope);
    }

    public OAuth2SessionFilter lastActiveBefore(Instant instant) {
        return with(10, instant);
    }

    public OAuth2SessionFilter lastActiveAfter(Instant instant) {
        return with(11, instant);
    }

    public OAuth2SessionFilter createdBefore(Instant instant) {
        return with(12, instant);
    }

    public OAuth2SessionFilter createdAfter(Instant instant) {
        return with(13, instant);
    }
}
