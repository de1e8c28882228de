package io.authstore.storage.users;

import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.NotAffectedException;
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
     * The user with this username, ignoring case. When several usernames differ only by case, the one spelled
     * exactly like {@code username}; empty when none of them is (the lookup refuses to choose between accounts).
     */
    Mono<User> findByUsername(String username);

    /** Whether a user has this username, ignoring case. */
    Mono<Boolean> exists(String username);

    /** Creates a user; fails with {@link ConflictException} when the exact username is taken. */
    Mono<User> add(Clock clock, RandomSource random, String username);

    /**
     * Locks the user. A user whose copy is already locked is returned as given, with no statement run. Otherwise the
     * row is locked now, unless it already was (a stale copy): then its first {@code lockedAt} is kept. Returns the
     * user as stored; {@link NotAffectedException} when the user no longer exists.
     */
    Mono<User> lock(Clock clock, User user);

    /**
     * Unlocks the user. A copy that is not locked is returned as given, with no statement run; otherwise the row is
     * unlocked, whatever it held, and returned as stored. {@link NotAffectedException} when the user no longer exists.
     */
    Mono<User> unlock(User user);

    /**
     * Deactivates the user. A copy that is already deactivated is returned as given, with no statement run. Otherwise
     * the row is deactivated now if it is still active, and returned as stored; {@link NotAffectedException} when it
     * was deactivated meanwhile (a stale copy) or no longer exists.
     */
    Mono<User> deactivate(Clock clock, User user);

    /**
     * Reactivates the user. A copy that is not deactivated is returned as given, with no statement run; otherwise the
     * row is reactivated, whatever it held, and returned as stored. {@link NotAffectedException} when the user no
     * longer exists.
     */
    Mono<User> reactivate(User user);

    /**
     * Sets whether the user may ask to become an administrator, and returns the user as stored (a repeat changes
     * nothing and succeeds). {@link NotAffectedException} when the user no longer exists.
     */
    Mono<User> setCanRequestAdmin(User user, boolean canRequestAdmin);

    /**
     * Deletes the user's unsupported third-party ids (the addresses and numbers a homeserver migration brought that the
     * service keeps only for reference), and returns how many there were: 0 on a repeat.
     */
    Mono<Long> deleteUnsupportedThreepids(User user);

    Mono<Page<User>> list(UserFilter filter, Pagination pagination);

    Mono<Long> count(UserFilter filter);

    /**
     * Locks the user's row until the session ends, so that concurrent synchronisations of the same user (e.g. of its
     * devices with the homeserver) run one after the other.
     */
    Mono<Void> acquireLockForSync(User user);
}
