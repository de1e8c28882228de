package io.authstore.storage.compat;

import java.time.Instant;
import java.util.Objects;

/** A compatibility refresh token is valid until it is used once (consumed); never back. */
public sealed interface CompatRefreshTokenState {

    record Valid() implements CompatRefreshTokenState {}

    record Consumed(Instant consumedAt) implements CompatRefreshTokenState {
        public Consumed {
            Objects.requireNonNull(consumedAt, "consumedAt");
        }
    }

    CompatRefreshTokenState VALID = new Valid();

    static CompatRefreshTokenState consumedAt(Instant consumedAt) {
        return consumedAt == null ? VALID : new Consumed(consumedAt);
    }
}
