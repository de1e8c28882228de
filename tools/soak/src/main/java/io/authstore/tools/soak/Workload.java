package io.authstore.tools.soak;

import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.RepositoryFactory;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The soak's clients: each a loop of units of work through the public repository API, mixing writes that commit,
 * reads that check what the client itself committed, deliberate duplicates, and units of work that are cancelled
 * (by {@code cancel()}, or by cancelling the subscription mid-transaction), recording every outcome in the
 * {@link Ledger}.
 */
final class Workload {

    /** A cancelled activity lies in the future, so that one that was stored anyway stands out. */
    static final Duration CANCELLED_ACTIVITY_OFFSET = Duration.ofDays(1);
    private static final int MAX_ACTIVITY_BATCH = 16;
    /** Cancelled subscriptions are cancelled at a random moment up to this long after they start. */
    private static final int MAX_CANCEL_DELAY_MILLIS = 30;

    private final RepositoryFactory factory;
    private final Ledger ledger;
    private final Stats stats;
    private final Clock clock = Clock.system();
    private final RandomSource random = RandomSource.secure();
    private final RecentSessions recentSessions = new RecentSessions();
    private final TokenWorkload tokens;
    private final QueueWorkload queue;

    Workload(RepositoryFactory factory, Ledger ledger, Stats stats) {
        this.factory = factory;
        this.ledger = ledger;
        this.stats = stats;
        this.tokens = new TokenWorkload(factory, ledger, stats);
        this.queue = new QueueWorkload(factory, ledger.jobs(), stats);
    }

    /** The queue's workers and the jobs the clients schedule for them. */
    QueueWorkload queue() {
        return queue;
    }

    /** What must exist before the clients start: the OAuth 2.0 client they issue tokens for. */
    Mono<Void> prepare() {
        return tokens.registerClient().then();
    }

    /** One client's loop until {@code deadlineNanos} ({@link System#nanoTime()}); it never fails. */
    Mono<Void> client(int index, long deadlineNanos) {
        Client client = new Client(index, new SplittableRandom(index * 7919L + 17));
        return Mono.defer(() -> {
                    Operation operation = client.usable(Operation.pick(client.random));
                    return timed(operation, run(operation, client));
                })
                .repeat(() -> System.nanoTime() < deadlineNanos)
                .then();
    }

    private Mono<Void> timed(Operation operation, Mono<?> work) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return work.then()
                    .doOnSuccess(done -> stats.completed(operation, System.nanoTime() - start))
                    .onErrorResume(error -> {
                        stats.failed(operation, error, System.nanoTime() - start);
                        return Mono.empty();
                    });
        });
    }

    private Mono<?> run(Operation operation, Client client) {
        return switch (operation) {
            case ADD_USER -> addUser(client);
            case ADD_USER_NEXT_TO_A_DUPLICATE -> addUserNextToADuplicate(client);
            case ADD_BROWSER_SESSION -> addBrowserSession(client);
            case FINISH_BROWSER_SESSION -> finishBrowserSession(client);
            case ADD_EMAIL -> addEmail(client);
            case RECORD_BATCH_ACTIVITY -> recordBatchActivity(client);
            case READ -> read(client);
            case CANCELLED_SESSION -> cancelledSession(client);
            case CANCELLED_SUBSCRIPTION -> cancelledSubscription(client);
            case CANCELLED_FINISH -> cancelledFinish(client);
            case CANCELLED_ACTIVITY -> cancelledActivity(client);
            case ISSUE_TOKEN -> tokens.issueToken(client);
            case INTROSPECT -> tokens.introspect(client);
            case REFRESH -> tokens.refresh(client);
            case FINISH_OAUTH2_SESSION -> tokens.finishOAuth2Session(client);
            case CANCELLED_REFRESH -> tokens.cancelledRefresh(client);
            case CANCELLED_TOKEN_ISSUE -> tokens.cancelledTokenIssue(client,
                    Duration.ofMillis(client.random.nextInt(MAX_CANCEL_DELAY_MILLIS + 1)));
            case COMPAT_LOGIN -> tokens.compatLogin(client);
            case COMPAT_REFRESH -> tokens.compatRefresh(client);
            case COMPAT_REFRESH_RACE -> tokens.compatRefreshRace(client);
            case PERSONAL_TOKEN -> tokens.personalToken(client);
            case REVOKE_PERSONAL_SESSION -> tokens.revokePersonalSession(client);
            case SCHEDULE_JOBS -> queue.scheduleJobs(client);
            case CANCELLED_SCHEDULE -> queue.cancelledSchedule(client);
        };
    }

    private Mono<?> addUser(Client client) {
        String username = client.nextName("user");
        String userAgent = client.nextName("agent");
        return factory.transaction(session -> session.user().add(clock, random, username)
                        .flatMap(user -> session.browserSession().add(clock, random, user, Optional.of(userAgent))))
                .doOnNext(browserSession -> {
                    committedUser(client, browserSession.user());
                    committedSession(client, browserSession);
                });
    }

    /** A user added in the same unit of work as a refused duplicate: the refusal leaves the session usable. */
    private Mono<?> addUserNextToADuplicate(Client client) {
        String taken = client.anyUser().username();
        String username = client.nextName("user");
        return factory.transaction(session -> session.user().add(clock, random, username)
                        .flatMap(user -> session.user().add(clock, random, taken)
                                .flatMap(duplicate -> Mono.<User>error(new IllegalStateException(
                                        "a duplicate username was accepted: " + taken)))
                                .onErrorResume(ConflictException.class, conflict -> {
                                    stats.expected(conflict);
                                    return Mono.empty();
                                })
                                .thenReturn(user)))
                .doOnNext(user -> committedUser(client, user));
    }

    private Mono<?> addBrowserSession(Client client) {
        User user = client.anyUser();
        String userAgent = client.nextName("agent");
        return factory.transaction(session -> session.browserSession()
                        .add(clock, random, user, Optional.of(userAgent)))
                .doOnNext(browserSession -> committedSession(client, browserSession));
    }

    private Mono<?> finishBrowserSession(Client client) {
        Ulid id = client.takeActiveSession();
        return factory.transaction(session -> lookupCommitted(session, id)
                        .flatMap(browserSession -> session.browserSession().finish(clock, browserSession)))
                .doOnNext(ledger::committed);
    }

    private Mono<?> addEmail(Client client) {
        User user = client.anyUser();
        String email = client.nextName("email") + "@soak.example.org";
        return factory.transaction(session -> session.userEmail().add(clock, random, user, email))
                .doOnNext(added -> {
                    ledger.committed(added);
                    client.emailsOf.computeIfAbsent(user.id(), id -> new TreeSet<>()).add(added.id());
                });
    }

    private Mono<?> recordBatchActivity(Client client) {
        List<ActivityRecord> activity = activityOfRecentSessions(client, clock.now(), true);
        return factory.transaction(session -> session.browserSession().recordBatchActivity(activity).thenReturn(true))
                .doOnNext(saved -> ledger.committedActivity(activity));
    }

    /** Reads of what this client committed, compared with what it committed. */
    private Mono<?> read(Client client) {
        User user = client.anyUser();
        Set<Ulid> sessions = Set.copyOf(client.sessionsOf.getOrDefault(user.id(), Set.of()));
        Set<Ulid> emails = Set.copyOf(client.emailsOf.getOrDefault(user.id(), Set.of()));
        BrowserSessionFilter ofUser = BrowserSessionFilter.all().user(user);
        return factory.transaction(session -> Mono.when(
                session.user().lookup(user.id()).switchIfEmpty(mismatch("lookup found no user " + user.id()))
                        .filter(stored -> !stored.username().equals(user.username())
                                || !stored.createdAt().equals(user.createdAt()))
                        .flatMap(stored -> mismatch("lookup returned " + stored + " for " + user)),
                session.user().findByUsername(user.username())
                        .filter(found -> found.id().equals(user.id()))
                        .switchIfEmpty(mismatch("findByUsername did not find " + user.username())),
                session.userEmail().all(user).map(email -> email.id()).collect(TreeSet::new, Set::add)
                        .filter(stored -> !stored.equals(emails))
                        .flatMap(stored -> mismatch("user " + user.id() + " has e-mails " + stored + ", committed "
                                + emails)),
                session.browserSession().count(ofUser)
                        .filter(count -> count != sessions.size())
                        .flatMap(count -> mismatch("user " + user.id() + " has " + count + " browser sessions,"
                                + " committed " + sessions.size())),
                session.browserSession().list(ofUser, Pagination.first(20))
                        .flatMapIterable(page -> page.items())
                        .filter(listed -> !sessions.contains(listed.id()))
                        .flatMap(listed -> mismatch("list returned a browser session never committed: "
                                + listed.id()))));
    }

    /** open() and cancel(): a user, a browser session and an e-mail that must not exist afterwards. */
    private Mono<?> cancelledSession(Client client) {
        String username = client.nextName("cancelled-user");
        String userAgent = client.nextName("cancelled-agent");
        String email = client.nextName("cancelled-email") + "@soak.example.org";
        ledger.cancelledUser(username);
        ledger.cancelledUserAgent(userAgent);
        ledger.cancelledEmail(email);
        return inSessionThenCancel(session -> session.user().add(clock, random, username)
                .flatMap(user -> session.browserSession().add(clock, random, user, Optional.of(userAgent))
                        .then(session.userEmail().add(clock, random, user, email))));
    }

    /**
     * A transaction whose subscriber goes away at a random moment, before its work could ever complete: while
     * opening, during a statement or after one. It must roll back.
     */
    private Mono<?> cancelledSubscription(Client client) {
        String username = client.nextName("abandoned-user");
        String userAgent = client.nextName("abandoned-agent");
        ledger.cancelledUser(username);
        ledger.cancelledUserAgent(userAgent);
        Duration cancelAfter = Duration.ofMillis(client.random.nextInt(MAX_CANCEL_DELAY_MILLIS + 1));
        return factory.transaction(session -> session.user().add(clock, random, username)
                        .flatMap(user -> session.browserSession().add(clock, random, user, Optional.of(userAgent)))
                        .then(Mono.never()))
                .timeout(cancelAfter, Mono.empty());
    }

    private Mono<?> cancelledFinish(Client client) {
        Ulid id = client.anyActiveSession();
        return inSessionThenCancel(session -> lookupCommitted(session, id)
                .flatMap(browserSession -> session.browserSession().finish(clock, browserSession))
                .doOnNext(ledger::cancelledFinish));
    }

    private Mono<?> cancelledActivity(Client client) {
        List<ActivityRecord> activity =
                activityOfRecentSessions(client, clock.now().plus(CANCELLED_ACTIVITY_OFFSET), false);
        return inSessionThenCancel(session -> session.browserSession().recordBatchActivity(activity));
    }

    private Mono<?> inSessionThenCancel(Function<RepositorySession, Mono<?>> work) {
        return inSessionThenCancel(factory, work);
    }

    /** Runs {@code work} in a session that is then cancelled: nothing of it may remain. */
    static Mono<?> inSessionThenCancel(RepositoryFactory factory, Function<RepositorySession, Mono<?>> work) {
        return factory.open().flatMap(session -> work.apply(session)
                .then(session.cancel())
                .onErrorResume(error -> session.cancel().then(Mono.error(error))));
    }

    private List<ActivityRecord> activityOfRecentSessions(Client client, Instant at, boolean withAddress) {
        int size = 1 + client.random.nextInt(MAX_ACTIVITY_BATCH);
        List<ActivityRecord> activity = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Ulid session = recentSessions.pick(client.random);
            activity.add(new ActivityRecord(session, at,
                    withAddress ? Optional.of(Ledger.addressOf(session)) : Optional.empty()));
        }
        return activity;
    }

    private static Mono<BrowserSession> lookupCommitted(RepositorySession session, Ulid id) {
        return session.browserSession().lookup(id).switchIfEmpty(mismatch("lookup found no browser session " + id));
    }

    private void committedUser(Client client, User user) {
        ledger.committed(user);
        client.users.add(user);
    }

    private void committedSession(Client client, BrowserSession session) {
        ledger.committed(session);
        client.activeSessions.add(session.id());
        client.sessionsOf.computeIfAbsent(session.user().id(), id -> new TreeSet<>()).add(session.id());
        recentSessions.add(session.id());
    }

    /** A read that disagrees with what was committed: a failure of the storage layer, counted as an error. */
    static <T> Mono<T> mismatch(String what) {
        return Mono.error(new ReadMismatchException(what));
    }

    static final class ReadMismatchException extends RuntimeException {
        ReadMismatchException(String message) {
            super(message);
        }
    }

    /**
     * One client's own rows. Only its own loop touches them, one operation after the other, so they need no locks;
     * its reads compare the database with them exactly, since nobody else writes them.
     */
    private static final class Client implements TokenWorkload.Owner {
        final int index;
        final SplittableRandom random;
        final List<User> users = new ArrayList<>();
        final List<Ulid> activeSessions = new ArrayList<>();
        final Map<Ulid, Set<Ulid>> sessionsOf = new HashMap<>();
        final Map<Ulid, Set<Ulid>> emailsOf = new HashMap<>();
        final TokenWorkload.Tokens tokens = new TokenWorkload.Tokens();
        private long names;

        Client(int index, SplittableRandom random) {
            this.index = index;
            this.random = random;
        }

        /** {@code wanted}, or the write that creates what it needs (a user, an active session) first. */
        Operation usable(Operation wanted) {
            if (users.isEmpty()) {
                return Operation.ADD_USER;
            }
            boolean needsActiveSession = wanted == Operation.FINISH_BROWSER_SESSION
                    || wanted == Operation.CANCELLED_FINISH;
            if (needsActiveSession && activeSessions.isEmpty()) {
                return Operation.ADD_BROWSER_SESSION;
            }
            return switch (wanted) {
                case INTROSPECT, REFRESH, FINISH_OAUTH2_SESSION, CANCELLED_REFRESH ->
                        tokens.oauth2Grants.isEmpty() || tokens.issued.isEmpty() ? Operation.ISSUE_TOKEN : wanted;
                case COMPAT_REFRESH, COMPAT_REFRESH_RACE ->
                        tokens.compatGrants.isEmpty() ? Operation.COMPAT_LOGIN : wanted;
                case REVOKE_PERSONAL_SESSION ->
                        tokens.personalGrants.isEmpty() ? Operation.PERSONAL_TOKEN : wanted;
                default -> wanted;
            };
        }

        @Override
        public SplittableRandom random() {
            return random;
        }

        @Override
        public TokenWorkload.Tokens tokens() {
            return tokens;
        }

        @Override
        public String nextName(String kind) {
            return "soak-" + index + "-" + kind + "-" + names++;
        }

        @Override
        public User anyUser() {
            return users.get(random.nextInt(users.size()));
        }

        Ulid anyActiveSession() {
            return activeSessions.get(random.nextInt(activeSessions.size()));
        }

        /** An active session, no longer offered once taken: finishing it either commits or fails. */
        Ulid takeActiveSession() {
            int last = activeSessions.size() - 1;
            int chosen = random.nextInt(activeSessions.size());
            Ulid id = activeSessions.get(chosen);
            activeSessions.set(chosen, activeSessions.get(last));
            activeSessions.remove(last);
            return id;
        }
    }
}
