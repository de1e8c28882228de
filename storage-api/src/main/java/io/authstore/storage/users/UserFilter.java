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
        Optional<List<Ulid>> activeOAuth2SessionForAnyOfClients) {

    private static final UserFilter ALL = new UserFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /** The filter as it was before the OAuth 2.0 conditions existed. */
    public UserFilter(Optional<UserState> state, Optional<Boolean> canRequestAdmin, Optional<Boolean> isGuest,
            Optional<String> search) {
        this(state, canRequestAdmin, isGuest, search, Optional.empty(), Optional.empty());
    }

    public UserFilter {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(canRequestAdmin, "canRequestAdmin");
        Objects.requireNonNull(isGuest, "isGuest");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(hasActiveOAuth2Session, "hasActiveOAuth2Session");
        activeOAuth2SessionForAnyOfClients = activeOAuth2SessionForAnyOfClients.map(List::copyOf);
    }

    public static UserFilter all() {
        return ALL;
    }

    public UserFilter state(UserState state) {
        return new UserFilter(Optional.of(state), canRequestAdmin, isGuest, search, hasActiveOAuth2Session,
                activeOAuth2SessionForAnyOfClients);
    }

    public UserFilter canRequestAdmin(boolean value) {
        return new UserFilter(state, Optional.of(value), isGuest, search, hasActiveOAuth2Session,
                activeOAuth2SessionForAnyOfClients);
    }

    public UserFilter guest(boolean value) {
        return new UserFilter(state, canRequestAdmin, Optional.of(value), search, hasActiveOAuth2Session,
                activeOAuth2SessionForAnyOfClients);
    }

    /** Usernames containing this text, ignoring case. {@code %} and {@code _} are matched literally. */
    public UserFilter search(String text) {
        return new UserFilter(state, canRequestAdmin, isGuest, Optional.of(text), hasActiveOAuth2Session,
                activeOAuth2SessionForAnyOfClients);
    }

    /** Users with (or without) at least one active OAuth 2.0 session. */
    public UserFilter activeOAuth2Session(boolean value) {
        return new UserFilter(state, canRequestAdmin, isGuest, search, Optional.of(value),
                activeOAuth2SessionForAnyOfClients);
    }

    /** Users with an active OAuth 2.0 session of one of these clients (none when the list is empty). */
    public UserFilter activeOAuth2SessionForAnyOfClients(List<Ulid> clientIds) {
        return new UserFilter(state, canRequestAdmin, isGuest, search, hasActiveOAuth2Session,
                Optional.of(clientIds));
    }
}
