package io.authstore.storage.users;

import java.util.Objects;
import java.util.Optional;

/** Which users a list or count is about. Immutable: each method returns a narrower filter. */
public record UserFilter(
        Optional<UserState> state,
        Optional<Boolean> canRequestAdmin,
        Optional<Boolean> isGuest,
        Optional<String> search,
        Optional<Boolean> activeCompatSession) {

    private static final UserFilter ALL =
            new UserFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public UserFilter {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(canRequestAdmin, "canRequestAdmin");
        Objects.requireNonNull(isGuest, "isGuest");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(activeCompatSession, "activeCompatSession");
    }

    public static UserFilter all() {
        return ALL;
    }

    public UserFilter state(UserState state) {
        return new UserFilter(Optional.of(state), canRequestAdmin, isGuest, search, activeCompatSession);
    }

    public UserFilter canRequestAdmin(boolean value) {
        return new UserFilter(state, Optional.of(value), isGuest, search, activeCompatSession);
    }

    public UserFilter guest(boolean value) {
        return new UserFilter(state, canRequestAdmin, Optional.of(value), search, activeCompatSession);
    }

    /** Usernames containing this text, ignoring case. {@code %} and {@code _} are matched literally. */
    public UserFilter search(String text) {
        return new UserFilter(state, canRequestAdmin, isGuest, Optional.of(text), activeCompatSession);
    }

    /** Users who have ({@code true}) or have not ({@code false}) at least one active compatibility session. */
    public UserFilter activeCompatSession(boolean value) {
        return new UserFilter(state, canRequestAdmin, isGuest, search, Optional.of(value));
    }
}
