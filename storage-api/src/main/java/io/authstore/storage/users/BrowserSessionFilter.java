package io.authstore.storage.users;

import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
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
        Optional<Instant> createdAfter) {

    private static final BrowserSessionFilter ALL = new BrowserSessionFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public BrowserSessionFilter {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastActiveBefore, "lastActiveBefore");
        Objects.requireNonNull(lastActiveAfter, "lastActiveAfter");
        Objects.requireNonNull(createdBefore, "createdBefore");
        Objects.requireNonNull(createdAfter, "createdAfter");
    }

    public static BrowserSessionFilter all() {
        return ALL;
    }

    public BrowserSessionFilter user(User user) {
        return new BrowserSessionFilter(Optional.of(user.id()), state, lastActiveBefore, lastActiveAfter,
                createdBefore, createdAfter);
    }

    public BrowserSessionFilter active() {
        return new BrowserSessionFilter(userId, Optional.of(SessionState.Kind.ACTIVE), lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter);
    }

    public BrowserSessionFilter finished() {
        return new BrowserSessionFilter(userId, Optional.of(SessionState.Kind.FINISHED), lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter);
    }

    public BrowserSessionFilter lastActiveBefore(Instant instant) {
        return new BrowserSessionFilter(userId, state, Optional.of(instant), lastActiveAfter, createdBefore,
                createdAfter);
    }

    public BrowserSessionFilter lastActiveAfter(Instant instant) {
        return new BrowserSessionFilter(userId, state, lastActiveBefore, Optional.of(instant), createdBefore,
                createdAfter);
    }

    public BrowserSessionFilter createdBefore(Instant instant) {
        return new BrowserSessionFilter(userId, state, lastActiveBefore, lastActiveAfter, Optional.of(instant),
                createdAfter);
    }

    public BrowserSessionFilter createdAfter(Instant instant) {
        return new BrowserSessionFilter(userId, state, lastActiveBefore, lastActiveAfter, createdBefore,
                Optional.of(instant));
    }
}
