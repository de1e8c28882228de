package io.authstore.storage.oauth2;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Device authorization grants (RFC 8628). */
public interface OAuth2DeviceCodeGrantRepository {

    /**
     * A new pending grant expiring {@code expiresIn} after now. {@code ConflictException} when its device or user
     * code is taken (the session stays usable).
     */
    Mono<DeviceCodeGrant> add(Clock clock, RandomSource random, DeviceCodeGrantParams params);

    Mono<DeviceCodeGrant> lookup(Ulid id);

    /** The grant the device polls with this code, whatever its state or expiry. */
    Mono<DeviceCodeGrant> findByDeviceCode(String deviceCode);

    /** The grant a user typed this code for, whatever its state or expiry. */
    Mono<DeviceCodeGrant> findByUserCode(String userCode);

    /** Fulfils a pending grant in {@code browserSession}; {@code InvalidTransitionException} otherwise. */
    Mono<DeviceCodeGrant> fulfill(Clock clock, DeviceCodeGrant grant, BrowserSession browserSession,
            Optional<String> locale);

    /** Rejects a pending grant in {@code browserSession}; {@code InvalidTransitionException} otherwise. */
    Mono<DeviceCodeGrant> reject(Clock clock, DeviceCodeGrant grant, BrowserSession browserSession);

    /** Marks a fulfilled grant exchanged for {@code session}; {@code InvalidTransitionException} otherwise. */
    Mono<DeviceCodeGrant> exchange(Clock clock, DeviceCodeGrant grant, OAuth2Session session);

    /** Deletes up to {@code limit} grants created in {@code [since, until)}, oldest first, whatever their state. */
    Mono<Cleanup> cleanup(Instant since, Instant until, int limit);
}
