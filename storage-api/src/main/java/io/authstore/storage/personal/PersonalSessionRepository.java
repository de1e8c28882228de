package io.authstore.storage.personal;

import io.authstore.storage.Clock;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.User;
import java.util.Collection;
import java.util.Set;
import reactor.core.publisher.Mono;

/** Personal sessions. */
public interface PersonalSessionRepository {

    /** The session with this id; empty when there is none. */
    Mono<PersonalSession> lookup(Ulid id);

    /** Starts an active session of {@code owner} acting as {@code actorUser} with {@code scope}. */
    Mono<PersonalSession> add(
            Clock clock,
            RandomSource random,
            PersonalSessionOwner owner,
            User actorUser,
            String humanName,
            Set<String> scope);

    /**
     * Revokes an active session and its tokens. {@code InvalidTransitionException} when the value given is revoked
     * already; {@code NotAffectedException} when the stored session is gone or was revoked meanwhile (nothing
     * changed then).
     */
    Mono<PersonalSession> revoke(Clock clock, PersonalSession session);

    /** Revokes every active session the filter matches, and their tokens; returns how many sessions. */
    Mono<Long> revokeBulk(Clock clock, PersonalSessionFilter filter);

    /** A page of sessions, each with its token that is not revoked, if any. */
    Mono<Page<PersonalSessionWithToken>> list(PersonalSessionFilter filter, Pagination pagination);

    Mono<Long> count(PersonalSessionFilter filter);

    /**
     * Records activity of many sessions in one statement. Per session the latest time wins and a known IP replaces
     * the stored one; sessions that no longer exist are skipped. Rows are locked in id order, so concurrent batches
     * do not deadlock.
     */
    Mono<Void> recordBatchActivity(Collection<ActivityRecord> activity);
}
