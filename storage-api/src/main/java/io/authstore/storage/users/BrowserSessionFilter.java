package io.authstore.storage.users;

import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.upstream.UpstreamOAuthSessionFilter;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which browser sessions a list, count or bulk finish is about. Immutable. Time bounds are exclusive; "created"
 * bounds are checked on the id, which starts with the creation time.
 */
public record BrowserSessionFilter(
        Optional<Ulid> userId,
        Optional<SessionState.Kind> state,
        Optional<Instant> lastActiveBefore,
        Optional<Instant> lastActiveAfter,
        Optional<Instant> createdBefore,
        Optional<Instant> createdAfter,
        Optional<UpstreamOAuthSessionFilter> linkedToUpstreamSessions) {

    private static final BrowserSessionFilter ALL = new BrowserSessionFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** A filter on everything but upstream authorization sessions. */
    public BrowserSessionFilter(Optional<Ulid> userId, Optional<SessionState.Kind> state,
            Optional<Instant> lastActiveBefore, Optional<Instant> lastActiveAfter, Optional<Instant> createdBefore,
            Optional<Instant> createdAfter) {
        this(userId, state, lastActiveBefore, lastActiveAfter, createdBefore, createdAfter, Optional.empty());
    }

    public BrowserSessionFilter {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastActiveBefore, "lastActiveBefore");
        Objects.requireNonNull(lastActiveAfter, "lastActiveAfter");
        Objects.requireNonNull(createdBefore, "createdBefore");
        Objects.requireNonNull(createdAfter, "createdAfter");
        Objects.requireNonNull(linkedToUpstreamSessions, "linkedToUpstreamSessions");
    }

    public static BrowserSessionFilter all() {
        return ALL;
    }

    public BrowserSessionFilter user(User user) {
        return new BrowserSessionFilter(Optional.of(user.id()), state, lastActiveBefore, lastActiveAfter,
                createdBefore, createdAfter, linkedToUpstreamSessions);
    }

    public BrowserSessionFilter active() {
        return new BrowserSessionFilter(userId, Optional.of(SessionState.Kind.ACTIVE), lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter, linkedToUpstreamSessions);
    }

    public BrowserSessionFilter finished() {
        return new BrowserSessionFilter(userId, Optional.of(SessionState.Kind.FINISHED), lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter, linkedToUpstreamSessions);
    }

    public BrowserSessionFilter lastActiveBefore(Instant instant) {
        return new BrowserSessionFilter(userId, state, Optional.of(instant), lastActiveAfter, createdBefore,
                createdAfter, linkedToUpstreamSessions);
    }

    public BrowserSessionFilter lastActiveAfter(Instant instant) {
        return new BrowserSessionFilter(userId, state, lastActiveBefore, Optional.of(instant), createdBefore,
                createdAfter, linkedToUpstreamSessions);
    }

    public BrowserSessionFilter createdBefore(Instant instant) {
        return new BrowserSessionFilter(userId, state, lastActiveBefore, lastActiveAfter, Optional.of(instant),
                createdAfter, linkedToUpstreamSessions);
    }

    public BrowserSessionFilter createdAfter(Instant instant) {
        return new BrowserSessionFilter(userId, state, lastActiveBefore, lastActiveAfter, createdBefore,
                Optional.of(instant), linkedToUpstreamSessions);
    }

    /**
     * Only sessions that one of the upstream authorization sessions matching {@code filter} belongs to (consumed by
     * it, or authenticated with it).
     */
    public BrowserSessionFilter linkedToUpstreamSessions(UpstreamOAuthSessionFilter filter) {
        return new BrowserSessionFilter(userId, state, lastActiveBefore, lastActiveAfter, createdBefore, createdAfter,
                Optional.of(filter));
    }
}
