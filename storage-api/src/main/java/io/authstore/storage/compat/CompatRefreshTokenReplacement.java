package io.authstore.storage.compat;

import java.util.Objects;

/** What a refresh did: the token presented, now consumed, and the token that replaces it. */
public record CompatRefreshTokenReplacement(CompatRefreshToken consumed, CompatRefreshToken successor) {
    public CompatRefreshTokenReplacement {
        Objects.requireNonNull(consumed, "consumed");
        Objects.requireNonNull(successor, "successor");
    }
}
