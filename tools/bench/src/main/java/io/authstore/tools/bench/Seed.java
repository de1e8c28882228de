package io.authstore.tools.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The data set the workloads run on, written server-side (INSERT … SELECT over generate_series): users with an
 * e-mail and a password each, browser sessions spread over them (one in ten finished), each with the password
 * authentication that started it, and OAuth 2.0 sessions of one client spread over them, each with one live access
 * token.
 */
record Seed(long users, long sessions, long oauth2Sessions) {

    /** The size of a recordBatchActivity batch, and the span of sessions it touches. */
    static final int BATCH = 1000;

    Seed {
        if (users < 1 || sessions < BATCH || oauth2Sessions < 1) {
            throw new IllegalArgumentException(
                    "the benchmark needs at least 1 user, " + BATCH + " sessions and 1 OAuth 2.0 session");
        }
    }

    /** Writes the data set and returns how long it took. */
    Duration write(Connection connection) throws SQLException {
        long start = System.nanoTime();
        String seededAt = "timestamptz '" + Keys.SEEDED_AT + "'";
        String sessionUser = "((n - 1) % " + users + ") + 1";
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into users (user_id, username, created_at)
                    select %s, 'user' || n, %s from generate_series(1, %d) n"""
                    .formatted(Keys.sql(Keys.USERS, "n"), seededAt, users));
            statement.execute("""
                    insert into user_emails (user_email_id, user_id, email, created_at)
                    select %s, %s, 'user' || n || '@example.com', %s from generate_series(1, %d) n"""
                    .formatted(Keys.sql(Keys.EMAILS, "n"), Keys.sql(Keys.USERS, "n"), seededAt, users));
            statement.execute("""
                    insert into user_passwords (user_password_id, user_id, hashed_password, version, created_at)
                    select %s, %s, '$argon2id$v=19$m=19456,t=2,p=1$' || md5('salt' || n) || '$' || md5('hash' || n),
                           1, %s
                      from generate_series(1, %d) n"""
                    .formatted(Keys.sql(Keys.PASSWORDS, "n"), Keys.sql(Keys.USERS, "n"), seededAt, users));
            statement.execute("""
                    insert into user_sessions (user_session_id, user_id, created_at, finished_at, user_agent,
                                               last_active_at, last_active_ip)
                    select %s, %s, %s, case when n %% 10 = 0 then %s + interval '1 hour' end,
                           'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/' || (100 + n %% 40),
                           %s + interval '5 minutes',
                           ('10.' || (n >> 16 & 255) || '.' || (n >> 8 & 255) || '.' || (n & 255))::inet
                      from generate_series(1, %d) n"""
                    .formatted(Keys.sql(Keys.SESSIONS, "n"), Keys.sql(Keys.USERS, sessionUser), seededAt, seededAt,
                            seededAt, sessions));
            statement.execute("""
                    insert into user_session_authentications (user_session_authentication_id, user_session_id,
                                                              created_at, user_password_id)
                    select %s, %s, %s, %s from generate_series(1, %d) n"""
                    .formatted(Keys.sql(Keys.AUTHENTICATIONS, "n"), Keys.sql(Keys.SESSIONS, "n"), seededAt,
                            Keys.sql(Keys.PASSWORDS, sessionUser), sessions));
            statement.execute("""
                    insert into oauth2_clients (oauth2_client_id, redirect_uris, grant_type_authorization_code,
                                                grant_type_refresh_token, client_name, token_endpoint_auth_method,
                                                created_at)
                    values (%s, array['https://client.example.com/callback'], true, true, 'Bench client', 'none', %s)"""
                    .formatted(Keys.sql(Keys.CLIENTS, "1"), seededAt));
            statement.execute("""
                    insert into oauth2_sessions (oauth2_session_id, oauth2_client_id, user_id, scope_list, created_at)
                    select %s, %s, %s, array['openid', 'urn:matrix:client:api:*'], %s
                      from generate_series(1, %d) n"""
                    .formatted(Keys.sql(Keys.OAUTH2_SESSIONS, "n"), Keys.sql(Keys.CLIENTS, "1"),
                            Keys.sql(Keys.USERS, sessionUser), seededAt, oauth2Sessions));
            statement.execute("""
                    insert into oauth2_access_tokens (oauth2_access_token_id, oauth2_session_id, access_token,
                                                      created_at)
                    select %s, %s, %s, %s from generate_series(1, %d) n"""
                    .formatted(Keys.sql(Keys.ACCESS_TOKENS, "n"), Keys.sql(Keys.OAUTH2_SESSIONS, "n"),
                            Keys.accessTokenSql("n"), seededAt, oauth2Sessions));
            statement.execute("vacuum analyze");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    // Every contender draws rows the same way (uniformly), and so do the pgbench scripts.

    long randomUser(SplittableRandom random) {
        return random.nextLong(1, users + 1);
    }

    long randomSession(SplittableRandom random) {
        return random.nextLong(1, sessions + 1);
    }

    long randomOAuth2Session(SplittableRandom random) {
        return random.nextLong(1, oauth2Sessions + 1);
    }

    /** The first of {@link #BATCH} consecutive sessions. */
    long randomBatchStart(SplittableRandom random) {
        return random.nextLong(1, sessions - BATCH + 2);
    }
}
