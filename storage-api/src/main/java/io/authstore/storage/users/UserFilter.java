package io.authstore.storage.users;

import io.authstore.storage.Ulid;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Which users a list or count is about. Immutable: each method returns a narrower filter. */
public record UserFilter(
        Optional<UserState> state,
        Optional<Boolean> canRequestAdmin,
        Optional<Boolean> isGuest,
        Optional<String> search,
        Optional<Boolean> hasActiveOAuth2Session,
        Optional<List<Ulid>> activeOAuth2SessionForAnyOfClients,
        Optional<Boolean> activeCompatSession) {

    private static final UserFilter ALL = new UserFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public UserFilter {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(canRequestAdmin, "canRequestAdmin");
        Objects.requireNonNull(isGuest, "isGuest");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(hasActiveOAuth2Session, "hasActiveOAuth2Session");
        activeOAuth2SessionForAnyOfClients = activeOAuth2SessionForAnyOfClients.map(List::copyOf);
        Objects.requireNonNull(activeCompatSession, "activeCompatSession");
    }

    public static UserFilter all() {
        return ALL;
    }

    public UserFilter state(UserState state) {
        return new UserFilter(Optional.of(state), canRequestAdmin, isGuest, search, hasActiveOAuth2Session,
                activeOAuth2SessionForAnyOfClients, activeCompatSession);
    }

    public UserFilter canRequestAdmin(boolean value) {
        return new UserFilter(state, Optional.of(value), isGuest, search, hasActiveOAuth2Session,
                activeOAuth2SessionForAnyOfClients, activeCompatSession);
    }

    public UserFilter guest(boolean value) {
        return new UserFilter(state, canRequestAdmin, Optional.of(value), search, hasActiveOAuth2Session,
                activeOAuth2SessionForAnyOfClients, activeCompatSession);
    }

    /** Usernames containing this text, ignoring case. {@code %} and {@code _} are matched literally. */
    public UserFilter search(String text) {
        return new UserFilter(state, canRequestAdmin, isGuest, Optional.of(text), hasActiveOAuth2Session,
                activeOAuth2SessionForAnyOfClients, activeCompatSession);
    }

    /** Users with (or without) at least one active OAuth 2.0 session. */
    public UserFilter activeOAuth2Session(boolean value) {
        return new UserFilter(state, canRequestAdmin, isGuest, search, Optional.of(value),
                activeOAuth2SessionForAnyOfClients, activeCompatSession);
    }

    /** Users with an active OAuth 2.0 session of one of these clients (none when the list is empty). */
    public UserFilter activeOAuth2SessionForAnyOfClients(List<Ulid> clientIds) {
        return new UserFilter(state, canRequestAdmin, isGuest, search, hasActiveOAuth2Session,
                Optional.of(clientIds), activeCompatSession);
    }

    /** Users who have ({@code true}) or have not ({@code false}) at least one active compatibility session. */
    public UserFilter activeCompatSession(boolean value) {
        return new UserFilter(state, canRequestAdmin, isGuest, search, hasActiveOAuth2Session,
                activeOAuth2SessionForAnyOfClients, Optional.of(value));
    }
}
