package io.authstore.storage.users;

import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Terms of service users accepted. */
public interface UserTermsRepository {

    /**
     * Records that the user accepted the terms at this URL. Idempotent: accepting the same URL again returns the
     * first acceptance unchanged.
     */
    Mono<UserTerms> acceptTerms(Clock clock, RandomSource random, User user, String termsUrl);

    /** Every acceptance of the user, oldest first. */
    Flux<UserTerms> all(User user);
}
