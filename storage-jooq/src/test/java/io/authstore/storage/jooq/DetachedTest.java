package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * The subscription {@link Detached} gives: what reaches a subscriber, and what becomes of a value nobody took. Its use
 * on real connections (cancelled acquisitions and statements) is covered by {@code RepositorySessionTest},
 * {@code CancelledTransactionsTest} and {@code make soak}.
 */
class DetachedTest {

    private final List<String> abandoned = new ArrayList<>();

    @Test
    void aValueWaitsForTheRequest() {
        StepVerifier.create(Detached.of(Mono.just("v"), abandoned::add), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(1)
                .expectNext("v")
                .verifyComplete();
        assertThat(abandoned).isEmpty();
    }

    @Test
    void aFailureAndAnEmptyOutcomeNeedNoRequest() {
        StepVerifier.create(Detached.of(Mono.<String>error(new IllegalStateException("boom")), abandoned::add), 0)
                .expectErrorMessage("boom")
                .verify();
        StepVerifier.create(Detached.of(Mono.<String>empty(), abandoned::add), 1)
                .verifyComplete();
    }

    @Test
    void aCancelDoesNotReachTheWorkAndItsValueIsAbandoned() {
        Sinks.One<String> work = Sinks.one();
        boolean[] workCancelled = new boolean[1];
        Mono<String> source = work.asMono().doOnCancel(() -> workCancelled[0] = true);

        StepVerifier.create(Detached.of(source, abandoned::add))
                .thenCancel()
                .verify();
        work.tryEmitValue("late");

        assertThat(workCancelled[0]).as("the work ran to its end").isFalse();
        assertThat(abandoned).containsExactly("late");
    }

    @Test
    void aValueThatWaitedForARequestIsAbandonedOnCancel() {
        StepVerifier.create(Detached.of(Mono.just("waiting"), abandoned::add), 0)
                .expectSubscription()
                .thenCancel()
                .verify();
        assertThat(abandoned).containsExactly("waiting");
    }
}
