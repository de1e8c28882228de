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

    public OAuth2SessionFilter user(User user) {
        return new OAuth2SessionFilter(Optional.of(user.id()), hasUser, browserSessionId, browserSessions,
                deviceId, clientId, clientIds, isStaticClient, state, scope, lastActiveBefore, lastActiveAfter,
                createdBefore, createdAfter);
    }

    /** Sessions that act for a user (not client credentials). */
    public OAuth2SessionFilter anyUser() {
        return new OAuth2SessionFilter(userId, Optional.of(true), browserSessionId, browserSessions, deviceId,
                clientId, clientIds, isStaticClient, state, scope, lastActiveBefore, lastActiveAfter,
                createdBefore, createdAfter);
    }

    /** Sessions that act for no user (client credentials). */
    public OAuth2SessionFilter noUser() {
        return new OAuth2SessionFilter(userId, Optional.of(false), browserSessionId, browserSessions, deviceId,
                clientId, clientIds, isStaticClient, state, scope, lastActiveBefore, lastActiveAfter,
                createdBefore, createdAfter);
    }

    public OAuth2SessionFilter browserSession(BrowserSession session) {
        return new OAuth2SessionFilter(userId, hasUser, Optional.of(session.id()), browserSessions, deviceId,
                clientId, clientIds, isStaticClient, state, scope, lastActiveBefore, lastActiveAfter,
                createdBefore, createdAfter);
    }

    public OAuth2SessionFilter browserSessions(BrowserSessionFilter filter) {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, Optional.of(filter), deviceId, clientId,
                clientIds, isStaticClient, state, scope, lastActiveBefore, lastActiveAfter, createdBefore,
                createdAfter);
    }

    public OAuth2SessionFilter device(String deviceId) {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, Optional.of(deviceId),
                clientId, clientIds, isStaticClient, state, scope, lastActiveBefore, lastActiveAfter,
                createdBefore, createdAfter);
    }

    public OAuth2SessionFilter client(OAuth2Client client) {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId,
                Optional.of(client.id()), clientIds, isStaticClient, state, scope, lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter);
    }

    public OAuth2SessionFilter clients(Collection<OAuth2Client> clients) {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId, clientId,
                Optional.of(clients.stream().map(OAuth2Client::id).toList()), isStaticClient, state, scope,
                lastActiveBefore, lastActiveAfter, createdBefore, createdAfter);
    }

    public OAuth2SessionFilter onlyStaticClients() {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId, clientId,
                clientIds, Optional.of(true), state, scope, lastActiveBefore, lastActiveAfter, createdBefore,
                createdAfter);
    }

    public OAuth2SessionFilter onlyDynamicClients() {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId, clientId,
                clientIds, Optional.of(false), state, scope, lastActiveBefore, lastActiveAfter, createdBefore,
                createdAfter);
    }

    public OAuth2SessionFilter active() {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId, clientId,
                clientIds, isStaticClient, Optional.of(SessionState.Kind.ACTIVE), scope, lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter);
    }

    public OAuth2SessionFilter finished() {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId, clientId,
                clientIds, isStaticClient, Optional.of(SessionState.Kind.FINISHED), scope, lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter);
    }

    public OAuth2SessionFilter scope(Scope scope) {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId, clientId,
                clientIds, isStaticClient, state, Optional.of(scope), lastActiveBefore, lastActiveAfter,
                createdBefore, createdAfter);
    }

    public OAuth2SessionFilter lastActiveBefore(Instant instant) {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId, clientId,
                clientIds, isStaticClient, state, scope, Optional.of(instant), lastActiveAfter, createdBefore,
                createdAfter);
    }

    public OAuth2SessionFilter lastActiveAfter(Instant instant) {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId, clientId,
                clientIds, isStaticClient, state, scope, lastActiveBefore, Optional.of(instant), createdBefore,
                createdAfter);
    }

    public OAuth2SessionFilter createdBefore(Instant instant) {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId, clientId,
                clientIds, isStaticClient, state, scope, lastActiveBefore, lastActiveAfter, Optional.of(instant),
                createdAfter);
    }

    public OAuth2SessionFilter createdAfter(Instant instant) {
        return new OAuth2SessionFilter(userId, hasUser, browserSessionId, browserSessions, deviceId, clientId,
                clientIds, isStaticClient, state, scope, lastActiveBefore, lastActiveAfter, createdBefore,
                Optional.of(instant));
    }
}
