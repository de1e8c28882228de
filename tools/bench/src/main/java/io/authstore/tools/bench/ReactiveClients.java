package io.authstore.tools.bench;

import java.util.SplittableRandom;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive contenders' load: {@code clients} concurrent loops, each running the next operation as soon as the last
 * one completed, while the window is open. An operation that fails is counted and the loop goes on.
 */
final class ReactiveClients {

    private ReactiveClients() {}

    static Measurement run(String contender, Workload workload, int clients, int round, Timing timing,
            Function<SplittableRandom, Mono<?>> operation) throws InterruptedException {
        Window window = new Window(timing, clients);
        var running = Flux.range(0, clients)
                .flatMap(client -> client(window, client, operation), clients)
                .then()
                .toFuture();
        return window.measure(contender, workload, round, running::join);
    }

    private static Mono<Void> client(Window window, int client, Function<SplittableRandom, Mono<?>> operation) {
        SplittableRandom random = new SplittableRandom(client * 7919L);
        return Mono.defer(() -> {
                    long start = System.nanoTime();
                    return operation.apply(random)
                            .doOnSuccess(result -> window.completed(client, start))
                            .onErrorResume(error -> {
                                window.failed(error);
                                return Mono.empty();
                            });
                })
                .repeat(window::open)
                .then();
    }
}
