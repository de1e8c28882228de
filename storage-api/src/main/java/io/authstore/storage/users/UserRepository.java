package io.authstore.storage.users;

import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import reactor.core.publisher.Mono;

/** Users. State changes take the user as read and return it as stored. */
public interface UserRepository {

    /** The user with this id; empty when there is none. */
    Mono<User> lookup(Ulid id);

    /**
     * The user with this username, ignoring case; when several differ only by case, the one that matches exactly,
     * else the oldest.
     */
    Mono<User> findByUsername(String username);

    /** Whether a user has this username, ignoring case. */
    Mono<Boolean> exists(String username);

    /** Creates a user; fails with {@link ConflictException} when the exact username is taken. */
    Mono<User> add(Clock clock, RandomSource random, String username);

    Mono<User> lock(Clock clock, User user);

    Mono<User> unlock(User user);

    Mono<User> deactivate(Clock clock, User user);

    Mono<User> reactivate(User user);

    Mono<User> setCanRequestAdmin(User user, boolean canRequestAdmin);

    Mono<Page<User>> list(UserFilter filter, Pagination pagination);

    Mono<Long> count(UserFilter filter);

    /**
     * Locks the user's row until the session ends, so that concurrent synchronisations of the same user (e.g. of its
     * devices with the homeserver) run one after the other.
     */
    Mono<Void> acquireLockForSync(User user);
}
