package io.authstore.tools.soak;

import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Compares the database with the {@link Ledger} over plain JDBC, outside the storage layer under test: every
 * committed row there with the values its unit of work returned, and nothing a cancelled unit of work wrote.
 */
final class LedgerCheck {

    private static final int EXAMPLES = 10;

    /**
     * @param committedChecked committed writes checked (rows, finishes and activity)
     * @param committedMissingOrWrong committed writes absent, or stored with other values
     * @param cancelledChecked cancelled writes checked
     * @param cancelledPresent cancelled writes found in the database
     * @param examples the first few problems, for the report
     */
    record Result(long committedChecked, long committedMissingOrWrong, long cancelledChecked, long cancelledPresent,
            List<String> examples) {

        long lost() {
            return committedMissingOrWrong + cancelledPresent;
        }
    }

    private record StoredSession(Ulid userId, Optional<String> userAgent, Instant createdAt,
            Optional<Instant> finishedAt, Optional<Instant> lastActiveAt, Optional<InetAddress> lastActiveIp) {}

    private final List<String> examples = new ArrayList<>();
    private long committedChecked;
    private long committedMissingOrWrong;
    private long cancelledChecked;
    private long cancelledPresent;

    /** @param runEnded nothing committed has activity after this; a cancelled activity batch lies after it */
    static Result check(Connection connection, Ledger ledger, Instant runEnded) throws SQLException {
        return new LedgerCheck().run(connection, ledger, runEnded);
    }

    private Result run(Connection connection, Ledger ledger, Instant runEnded) throws SQLException {
        connection.setReadOnly(true);
        Map<Ulid, Ledger.UserRow> users = new HashMap<>();
        Set<String> usernames = new HashSet<>();
        query(connection, "select user_id, username, created_at from users", row -> {
            Ulid id = id(row, 1);
            users.put(id, new Ledger.UserRow(id, row.getString(2), instant(row, 3)));
            usernames.add(row.getString(2));
        });
        Map<Ulid, StoredSession> sessions = new HashMap<>();
        Set<String> userAgents = new HashSet<>();
        query(connection, """
                select user_session_id, user_id, user_agent, created_at, finished_at, last_active_at,
                       host(last_active_ip) from user_sessions""", row -> {
            sessions.put(id(row, 1), new StoredSession(id(row, 2), Optional.ofNullable(row.getString(3)),
                    instant(row, 4), Optional.ofNullable(instant(row, 5)), Optional.ofNullable(instant(row, 6)),
                    Optional.ofNullable(address(row.getString(7)))));
            if (row.getString(3) != null) {
                userAgents.add(row.getString(3));
            }
        });
        Map<Ulid, Ledger.EmailRow> emails = new HashMap<>();
        Set<String> addresses = new HashSet<>();
        query(connection, "select user_email_id, user_id, email, created_at from user_emails", row -> {
            Ulid id = id(row, 1);
            emails.put(id, new Ledger.EmailRow(id, id(row, 2), row.getString(3), instant(row, 4)));
            addresses.add(row.getString(3));
        });

        ledger.users().values().forEach(user -> committed("user " + user.id(), user, users.get(user.id())));
        ledger.emails().values().forEach(email -> committed("e-mail " + email.id(), email, emails.get(email.id())));
        for (Ledger.SessionRow expected : ledger.sessions().values()) {
            StoredSession stored = sessions.get(expected.id());
            String what = "browser session " + expected.id();
            if (stored == null) {
                committed(what, expected, null);
                continue;
            }
            committed(what, expected, new Ledger.SessionRow(expected.id(), stored.userId(), stored.userAgent(),
                    stored.createdAt()));
            committed(what + " finished_at", ledger.finishedAt(expected.id()), stored.finishedAt());
            Optional<Instant> activity = ledger.lastActiveAt(expected.id());
            if (stored.lastActiveAt().filter(at -> at.isAfter(runEnded)).isPresent()) {
                cancelled(what + " has the activity of a cancelled batch: " + stored.lastActiveAt().get(), true);
            } else {
                committed(what + " last_active_at", activity, stored.lastActiveAt());
            }
            committed(what + " last_active_ip", activity.map(at -> Ledger.addressOf(expected.id())),
                    stored.lastActiveIp());
            for (Instant cancelledFinish : ledger.cancelledFinishes(expected.id())) {
                cancelled(what + " has the finished_at of a cancelled finish",
                        stored.finishedAt().filter(cancelledFinish::equals).isPresent()
                                && ledger.finishedAt(expected.id()).filter(cancelledFinish::equals).isEmpty());
            }
        }
        checkTokens(connection, ledger);
        checkJobs(connection, ledger.jobs());
        ledger.cancelledUsernames().forEach(name -> cancelled("cancelled user " + name, usernames.contains(name)));
        ledger.cancelledUserAgents().forEach(agent ->
                cancelled("cancelled browser session " + agent, userAgents.contains(agent)));
        ledger.cancelledEmails().forEach(email -> cancelled("cancelled e-mail " + email, addresses.contains(email)));
        return new Result(committedChecked, committedMissingOrWrong, cancelledChecked, cancelledPresent,
                List.copyOf(examples));
    }

    /**
     * OAuth 2.0 and compatibility sessions and tokens: each committed one as last committed, no cancelled token value
     * anywhere, and no row that no committed unit of work wrote (one would come from a cancelled unit of work).
     */
    private void checkTokens(Connection connection, Ledger ledger) throws SQLException {
        Set<String> tokenValues = new HashSet<>();
        Set<Ulid> clients = new HashSet<>();
        query(connection, "select oauth2_client_id from oauth2_clients", row -> clients.add(id(row, 1)));
        ledger.oauth2Clients().forEach(id -> committed("OAuth 2.0 client " + id, id, clients.contains(id) ? id : null));

        Map<Ulid, Ledger.OAuth2SessionRow> oauth2Sessions = new HashMap<>();
        query(connection, """
                select oauth2_session_id, oauth2_client_id, user_id, created_at, finished_at
                  from oauth2_sessions""", row -> {
            Ulid id = id(row, 1);
            oauth2Sessions.put(id, new Ledger.OAuth2SessionRow(id, id(row, 2), Optional.ofNullable(optionalId(row, 3)),
                    instant(row, 4), Optional.ofNullable(instant(row, 5))));
        });
        compare("OAuth 2.0 session", ledger.oauth2Sessions(), oauth2Sessions);

        Map<Ulid, Ledger.AccessTokenRow> accessTokens = new HashMap<>();
        query(connection, """
                select oauth2_access_token_id, oauth2_session_id, access_token, created_at, expires_at, revoked_at
                  from oauth2_access_tokens""", row -> {
            Ulid id = id(row, 1);
            accessTokens.put(id, new Ledger.AccessTokenRow(id, id(row, 2), row.getString(3), instant(row, 4),
                    Optional.ofNullable(instant(row, 5)), Optional.ofNullable(instant(row, 6))));
            tokenValues.add(row.getString(3));
        });
        compare("OAuth 2.0 access token", ledger.accessTokens(), accessTokens);

        Map<Ulid, Ledger.RefreshTokenRow> refreshTokens = new HashMap<>();
        query(connection, """
                select oauth2_refresh_token_id, oauth2_session_id, oauth2_access_token_id, refresh_token, created_at,
                       consumed_at, next_oauth2_refresh_token_id, revoked_at
                  from oauth2_refresh_tokens""", row -> {
            Ulid id = id(row, 1);
            refreshTokens.put(id, new Ledger.RefreshTokenRow(id, id(row, 2), Optional.ofNullable(optionalId(row, 3)),
                    row.getString(4), instant(row, 5), Optional.ofNullable(instant(row, 6)),
                    Optional.ofNullable(optionalId(row, 7)), Optional.ofNullable(instant(row, 8))));
            tokenValues.add(row.getString(4));
        });
        compare("OAuth 2.0 refresh token", ledger.refreshTokens(), refreshTokens);

        Map<Ulid, Ledger.CompatSessionRow> compatSessions = new HashMap<>();
        query(connection, "select compat_session_id, user_id, device_id, created_at, finished_at from compat_sessions",
                row -> {
                    Ulid id = id(row, 1);
                    compatSessions.put(id, new Ledger.CompatSessionRow(id, id(row, 2),
                            Optional.ofNullable(row.getString(3)), instant(row, 4),
                            Optional.ofNullable(instant(row, 5))));
                });
        compare("compat session", ledger.compatSessions(), compatSessions);

        Map<Ulid, Ledger.CompatAccessTokenRow> compatAccessTokens = new HashMap<>();
        query(connection, """
                select compat_access_token_id, compat_session_id, access_token, created_at, expires_at
                  from compat_access_tokens""", row -> {
            Ulid id = id(row, 1);
            compatAccessTokens.put(id, new Ledger.CompatAccessTokenRow(id, id(row, 2), row.getString(3),
                    instant(row, 4), Optional.ofNullable(instant(row, 5))));
            tokenValues.add(row.getString(3));
        });
        compare("compat access token", ledger.compatAccessTokens(), compatAccessTokens);

        Map<Ulid, Ledger.CompatRefreshTokenRow> compatRefreshTokens = new HashMap<>();
        query(connection, """
                select compat_refresh_token_id, compat_session_id, compat_access_token_id, refresh_token, created_at,
                       consumed_at
                  from compat_refresh_tokens""", row -> {
            Ulid id = id(row, 1);
            compatRefreshTokens.put(id, new Ledger.CompatRefreshTokenRow(id, id(row, 2), id(row, 3), row.getString(4),
                    instant(row, 5), Optional.ofNullable(instant(row, 6))));
            tokenValues.add(row.getString(4));
        });
        compare("compat refresh token", ledger.compatRefreshTokens(), compatRefreshTokens);

        Map<Ulid, Ledger.PersonalSessionRow> personalSessions = new HashMap<>();
        query(connection, """
                select personal_session_id, actor_user_id, human_name, created_at, revoked_at
                  from personal_sessions""", row -> {
            Ulid id = id(row, 1);
            personalSessions.put(id, new Ledger.PersonalSessionRow(id, id(row, 2), row.getString(3), instant(row, 4),
                    Optional.ofNullable(instant(row, 5))));
        });
        compare("personal session", ledger.personalSessions(), personalSessions);

        Map<Ulid, Ledger.PersonalTokenRow> personalTokens = new HashMap<>();
        query(connection, """
                select personal_access_token_id, personal_session_id, encode(access_token_sha256, 'hex'), created_at,
                       revoked_at
                  from personal_access_tokens""", row -> {
            Ulid id = id(row, 1);
            personalTokens.put(id, new Ledger.PersonalTokenRow(id, id(row, 2), row.getString(3), instant(row, 4),
                    Optional.ofNullable(instant(row, 5))));
        });
        compare("personal access token", ledger.personalTokens(), personalTokens);

        ledger.cancelledTokens().forEach(token ->
                cancelled("the token of a cancelled unit of work", tokenValues.contains(token)));
    }

    private record StoredJob(Ulid id, String status, String queue, String key, int attempt, Ulid nextAttempt,
            String failedReason) {}

    /**
     * Every committed job ran as its payload planned: its chain of rows (first row, then each retry by
     * {@code next_attempt_id}) has one row per attempt, each run by a handler exactly once with its attempt number,
     * failed with the planned reason up to the last, which completed (or failed for good, not retried); the handler
     * completed it exactly once. No row is off those chains, and no cancelled job's key is stored or was run.
     */
    private void checkJobs(Connection connection, QueueLedger jobs) throws SQLException {
        Map<Ulid, StoredJob> stored = new HashMap<>();
        query(connection, """
                select queue_job_id, status::text, queue_name, payload->>'key', attempt, next_attempt_id,
                       failed_reason
                  from queue_jobs""", row -> {
            Ulid id = id(row, 1);
            stored.put(id, new StoredJob(id, row.getString(2), row.getString(3), row.getString(4), row.getInt(5),
                    optionalId(row, 6), row.getString(7)));
        });
        Set<Ulid> onChains = new HashSet<>();
        for (QueueLedger.JobRow job : jobs.committed().values()) {
            committedChecked++;
            String problem = chainProblem(job, stored, jobs, onChains);
            if (problem == null && jobs.completions(job.key()) != (job.giveUp() ? 0 : 1)) {
                problem = "its handler completed it " + jobs.completions(job.key()) + " times";
            }
            if (problem != null) {
                committedMissingOrWrong++;
                example("job " + job.key() + " (" + job.id() + ", " + job.failures() + " planned failures"
                        + (job.giveUp() ? ", given up" : "") + "): " + problem);
            }
        }
        Set<String> storedKeys = new HashSet<>();
        stored.values().forEach(row -> storedKeys.add(row.key()));
        Set<String> ranKeys = new HashSet<>();
        jobs.runOf().values().forEach(run -> ranKeys.add(run.key()));
        for (String key : jobs.cancelledKeys()) {
            cancelled("the job " + key + " of a cancelled unit of work (stored: " + storedKeys.contains(key)
                    + ", ran: " + ranKeys.contains(key) + ")", storedKeys.contains(key) || ranKeys.contains(key));
        }
        List<Ulid> unaccounted = stored.keySet().stream().filter(id -> !onChains.contains(id)).toList();
        cancelled(unaccounted.size() + " queue_jobs rows on no committed job's chain, e.g. "
                + unaccounted.stream().findFirst().map(stored::get).orElse(null) + ",", !unaccounted.isEmpty());
        List<Ulid> ranOff = jobs.runOf().keySet().stream().filter(id -> !onChains.contains(id)).toList();
        cancelled(ranOff.size() + " handler runs of rows on no committed job's chain, e.g. "
                + ranOff.stream().findFirst().map(id -> id + " " + jobs.runOf().get(id)).orElse(null) + ",",
                !ranOff.isEmpty());
    }

    /** What is wrong with a committed job's chain of rows, or null. */
    private static String chainProblem(QueueLedger.JobRow job, Map<Ulid, StoredJob> stored, QueueLedger jobs,
            Set<Ulid> onChains) {
        int attempts = job.giveUp() ? 1 : job.failures() + 1;
        Ulid at = job.id();
        for (int attempt = 0; attempt < attempts; attempt++) {
            StoredJob row = stored.get(at);
            if (row == null) {
                return "the row of attempt " + attempt + " (" + at + ") is missing";
            }
            onChains.add(at);
            if (!job.key().equals(row.key()) || !job.queue().equals(row.queue()) || row.attempt() != attempt) {
                return "attempt " + attempt + " is stored as " + row;
            }
            int runs = jobs.runs(at);
            if (runs != 1) {
                return "attempt " + attempt + " (" + row + ") was run " + runs + " times";
            }
            QueueLedger.Run run = jobs.runOf().get(at);
            if (run.attempt() != attempt || !run.key().equals(job.key())) {
                return "attempt " + attempt + " was run as " + run;
            }
            boolean last = attempt == attempts - 1;
            if (last && !job.giveUp()) {
                if (!row.status().equals("completed") || row.nextAttempt() != null) {
                    return "its last attempt is " + row;
                }
            } else {
                String planned = job.giveUp() ? QueueWorkload.PLANNED_GIVE_UP : QueueWorkload.PLANNED_FAILURE;
                boolean linked = last ? row.nextAttempt() == null : row.nextAttempt() != null;
                if (!row.status().equals("failed") || row.failedReason() == null
                        || !row.failedReason().contains(planned) || !linked) {
                    return "attempt " + attempt + " should have failed as planned" + (last ? " for good" : "")
                            + ", is " + row;
                }
                at = row.nextAttempt();
            }
        }
        return null;
    }

    /** Every committed row as committed last; every stored row committed by someone. */
    private <T> void compare(String what, Map<Ulid, T> committed, Map<Ulid, T> stored) {
        committed.forEach((id, expected) -> committed(what + " " + id, expected, stored.get(id)));
        List<Ulid> unaccounted = stored.keySet().stream().filter(id -> !committed.containsKey(id)).toList();
        cancelled(unaccounted.size() + " " + what + " rows that no committed unit of work wrote, e.g. "
                + unaccounted.stream().findFirst().orElse(null) + ",", !unaccounted.isEmpty());
    }

    private void committed(String what, Object expected, Object stored) {
        committedChecked++;
        if (!Objects.equals(expected, stored)) {
            committedMissingOrWrong++;
            example(what + (stored == null ? " is missing" : ": committed " + expected + ", stored " + stored));
        }
    }

    private void cancelled(String what, boolean present) {
        cancelledChecked++;
        if (present) {
            cancelledPresent++;
            example(what + " is in the database");
        }
    }

    private void example(String problem) {
        if (examples.size() < EXAMPLES) {
            examples.add(problem);
        }
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private static void query(Connection connection, String sql, RowReader reader) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    private static Ulid id(ResultSet row, int column) throws SQLException {
        return Ulid.fromUuid(row.getObject(column, UUID.class));
    }

    private static Ulid optionalId(ResultSet row, int column) throws SQLException {
        UUID value = row.getObject(column, UUID.class);
        return value == null ? null : Ulid.fromUuid(value);
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static InetAddress address(String text) {
        if (text == null) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal address: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException("PostgreSQL returned an address Java cannot read: " + text, e);
        }
    }
}
