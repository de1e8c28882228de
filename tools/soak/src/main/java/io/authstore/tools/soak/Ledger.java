package io.authstore.tools.soak;

import io.authstore.storage.Ulid;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserEmail;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the database must hold at the end: each write as its committed unit of work returned it, and the marks of
 * every write whose unit of work was cancelled, which it must not hold. Writes whose unit of work failed are in
 * neither: their outcome is unknown, and they are counted as errors.
 */
final class Ledger {

    record UserRow(Ulid id, String username, Instant createdAt) {}

    record SessionRow(Ulid id, Ulid userId, Optional<String> userAgent, Instant createdAt) {}

    record EmailRow(Ulid id, Ulid userId, String email, Instant createdAt) {}

    private final Map<Ulid, UserRow> users = new ConcurrentHashMap<>();
    private final Map<Ulid, SessionRow> sessions = new ConcurrentHashMap<>();
    private final Map<Ulid, Instant> finishedAt = new ConcurrentHashMap<>();
    private final Map<Ulid, Instant> lastActiveAt = new ConcurrentHashMap<>();
    private final Map<Ulid, EmailRow> emails = new ConcurrentHashMap<>();

    private final Set<String> cancelledUsernames = ConcurrentHashMap.newKeySet();
    private final Set<String> cancelledUserAgents = ConcurrentHashMap.newKeySet();
    private final Set<String> cancelledEmails = ConcurrentHashMap.newKeySet();
    private final Map<Ulid, Set<Instant>> cancelledFinishes = new ConcurrentHashMap<>();

    void committed(User user) {
        users.put(user.id(), new UserRow(user.id(), user.username(), user.createdAt()));
    }

    void committed(BrowserSession session) {
        sessions.put(session.id(), new SessionRow(session.id(), session.user().id(), session.userAgent(),
                session.createdAt()));
        session.finishedAt().ifPresent(at -> finishedAt.put(session.id(), at));
    }

    void committed(UserEmail email) {
        emails.put(email.id(), new EmailRow(email.id(), email.userId(), email.email(), email.createdAt()));
    }

    /** Per session the latest time wins, as recordBatchActivity stores it. */
    void committedActivity(Collection<ActivityRecord> activity) {
        for (ActivityRecord record : activity) {
            lastActiveAt.merge(record.sessionId(), record.at(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    void cancelledUser(String username) {
        cancelledUsernames.add(username);
    }

    void cancelledUserAgent(String userAgent) {
        cancelledUserAgents.add(userAgent);
    }

    void cancelledEmail(String email) {
        cancelledEmails.add(email);
    }

    void cancelledFinish(BrowserSession finished) {
        cancelledFinishes.computeIfAbsent(finished.id(), id -> ConcurrentHashMap.newKeySet())
                .add(finished.finishedAt().orElseThrow());
    }

    Map<Ulid, UserRow> users() {
        return users;
    }

    Map<Ulid, SessionRow> sessions() {
        return sessions;
    }

    Optional<Instant> finishedAt(Ulid session) {
        return Optional.ofNullable(finishedAt.get(session));
    }

    Optional<Instant> lastActiveAt(Ulid session) {
        return Optional.ofNullable(lastActiveAt.get(session));
    }

    Map<Ulid, EmailRow> emails() {
        return emails;
    }

    Set<String> cancelledUsernames() {
        return cancelledUsernames;
    }

    Set<String> cancelledUserAgents() {
        return cancelledUserAgents;
    }

    Set<String> cancelledEmails() {
        return cancelledEmails;
    }

    Set<Instant> cancelledFinishes(Ulid session) {
        return cancelledFinishes.getOrDefault(session, Set.of());
    }

    int cancelledFinishCount() {
        return cancelledFinishes.values().stream().mapToInt(Set::size).sum();
    }

    int finishCount() {
        return finishedAt.size();
    }

    int activeSessionsWithActivity() {
        return lastActiveAt.size();
    }

    /** The address a session's activity comes from: one per session, so that the stored one can be checked. */
    static InetAddress addressOf(Ulid session) {
        int hash = session.hashCode();
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (hash >>> 16), (byte) (hash >>> 8), (byte) hash});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }
}
