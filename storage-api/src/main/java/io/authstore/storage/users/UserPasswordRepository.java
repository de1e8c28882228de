package io.authstore.storage.users;

import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Users' password hashes. */
public interface UserPasswordRepository {

    /** The user's newest password; empty when it has none. */
    Mono<Password> active(User user);

    /**
     * Adds a password, which becomes the active one.
     *
     * @param version the hashing scheme that produced {@code hashedPassword}
     * @param upgradedFrom the password this one re-hashes, when a login upgraded the scheme
     */
    Mono<Password> add(
            Clock clock,
            RandomSource random,
            User user,
            int version,
            String hashedPassword,
            Optional<Password> upgradedFrom);
}
