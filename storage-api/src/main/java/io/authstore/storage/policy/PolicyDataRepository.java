package io.authstore.storage.policy;

import io.authstore.storage.Clock;
import io.authstore.storage.JsonValue;
import io.authstore.storage.RandomSource;
import reactor.core.publisher.Mono;

/** Versions of the policy data: each {@link #set} adds one, the newest is in force. */
public interface PolicyDataRepository {

    /** The newest version (by id, i.e. by creation time); empty when none was ever set. */
    Mono<PolicyData> get();

    /** Adds a version, which is then the newest, and returns it as stored. */
    Mono<PolicyData> set(Clock clock, RandomSource random, JsonValue data);

    /** Deletes every version but the newest {@code keep} ({@code keep} ≥ 0) and returns how many it deleted. */
    Mono<Long> prune(int keep);
}
