package io.authstore.storage.users;

import io.authstore.storage.Ulid;
import java.util.Objects;
import java.util.Optional;

/** Which e-mail addresses a list, count or bulk removal is about. Immutable. */
public record UserEmailFilter(Optional<Ulid> userId, Optional<String> email) {

    private static final UserEmailFilter ALL = new UserEmailFilter(Optional.empty(), Optional.empty());

    public UserEmailFilter {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
    }

    public static UserEmailFilter all() {
        return ALL;
    }

    public UserEmailFilter user(User user) {
        return new UserEmailFilter(Optional.of(user.id()), email);
    }

    /** This address, ignoring case. */
    public UserEmailFilter email(String address) {
        return new UserEmailFilter(userId, Optional.of(address));
    }
}
