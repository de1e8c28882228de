package io.authstore.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * What one batch of a {@code cleanup…} operation did: how many rows it deleted (or cleared), and where the next
 * batch starts. A batch smaller than its limit was the last one; otherwise call again with {@code since} set to
 * {@link #resumeFrom}.
 */
public record Cleanup(int affected, Optional<Instant> resumeFrom) {

    public static final Cleanup NOTHING = new Cleanup(0, Optional.empty());

    /** Whether this batch was full, i.e. there may be more to do. */
    public boolean mayHaveMore(int limit) {
        return affected >= limit;
    }
}
