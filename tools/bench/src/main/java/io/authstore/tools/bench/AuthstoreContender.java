package io.authstore.tools.bench;

import io.authstore.storage.Clock;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.StorageSettings;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * authstore as an application uses it: one {@link JooqRepositoryFactory}, and every operation in its own
 * {@code transaction(…)} (saved on success), through the public repository API only.
 */
final class AuthstoreContender implements Contender {

    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    private final JooqRepositoryFactory factory;
    private final Seed seed;
    private final Clock clock = Clock.system();
    private final RandomSource random = RandomSource.secure();

    AuthstoreContender(StorageSettings settings, Seed seed) {
        this.factory = JooqRepositoryFactory.create(settings);
        this.seed = seed;
    }

    @Override
    public String name() {
        return Report.AUTHSTORE;
    }

    @Override
    public Measurement run(Workload workload, int clients, int round, Timing timing) throws InterruptedException {
        return ReactiveClients.run(name(), workload, clients, round, timing, operation(workload));
    }

    private Function<SplittableRandom, Mono<?>> operation(Workload workload) {
        return switch (workload) {
            case LOOKUP -> random -> inTransaction(session -> session.user()
                    .lookup(Keys.ulid(Keys.USERS, seed.randomUser(random))));
            case FIND_BY_USERNAME -> random -> inTransaction(session -> session.user()
                    .findByUsername(Keys.usernameAsTyped(seed.randomUser(random))));
            case ADD_BROWSER_SESSION -> random -> inTransaction(session -> session.browserSession()
                    .add(clock, this.random, seededUser(seed.randomUser(random)), Optional.of(USER_AGENT)));
            case LIST_BROWSER_SESSIONS -> random -> inTransaction(session -> session.browserSession()
                    .list(BrowserSessionFilter.all().active(),
                            Pagination.first(50).after(Keys.ulid(Keys.SESSIONS, seed.randomSession(random))))
                    .filter(page -> !page.edges().isEmpty()));
            case RECORD_BATCH_ACTIVITY -> random -> inTransaction(session -> session.browserSession()
                    .recordBatchActivity(batch(seed.randomBatchStart(random)))
                    .thenReturn(true));
            // What MAS's introspection endpoint reads for a homeserver's request: three lookups, no write.
            case INTROSPECT -> random -> inTransaction(session -> session.oauth2AccessToken()
                    .findByToken(Keys.accessToken(seed.randomOAuth2Session(random)))
                    .flatMap(token -> session.oauth2Session().lookup(token.sessionId()))
                    .flatMap(oauth2Session -> session.user().lookup(oauth2Session.userId().orElseThrow())));
        };
    }

    /** The operation in a saved unit of work; an empty result (a row the seed should have had) is an error. */
    private <T> Mono<T> inTransaction(Function<RepositorySession, Mono<T>> work) {
        return factory.transaction(work)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no row where the seed put one")));
    }

    private List<ActivityRecord> batch(long first) {
        List<ActivityRecord> records = new ArrayList<>(Seed.BATCH);
        var now = clock.now();
        for (long n = first; n < first + Seed.BATCH; n++) {
            records.add(new ActivityRecord(Keys.ulid(Keys.SESSIONS, n), now, Optional.of(Keys.address(n))));
        }
        return records;
    }

    private static User seededUser(long n) {
        return new User(Keys.ulid(Keys.USERS, n), Keys.username(n), Keys.SEEDED_AT, Optional.empty(),
                Optional.empty(), false, false);
    }

    @Override
    public void close() {
        factory.close();
    }
}
