package io.authstore.storage.jooq.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.authstore.storage.ConflictException;
import io.authstore.storage.DatabaseException;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.StorageSettings;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.jooq.testing.TraceLog;
import io.authstore.storage.queue.Json;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserEmail;
import io.authstore.storage.users.UserEmailAuthentication;
import io.authstore.storage.users.UserFilter;
import io.authstore.storage.users.UserRecoverySession;
import io.authstore.storage.users.UserRegistration;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/**
 * No secret reaches a log line or an exception message, at any level. logback-test.xml sends every event of every
 * logger of the module's test JVMs, at TRACE, to one file. This class runs after all other test classes, in a
 * surefire execution of its own that adds to that file; it exercises every operation that binds a secret, the ways
 * they fail, and a database password, and then searches the whole file: its own secrets and those of the other tests.
 */
@ExtendWith(StorageExtension.class)
class SecretsInLogsTest {

    /** Secrets other test classes bind (the distinctive ones: "t" or "123456" would match by accident). */
    private static final List<String> SECRETS_OF_OTHER_TESTS = List.of(
            "$argon2id$v=19$secret-hash-value", "registration-token-secret-value", "$argon2id$secret-hash",
            "taken-secret", "ticket-secret", "s3cret-pw");

    private static final String PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$pw-hash-7Qx9";
    private static final String REGISTRATION_PASSWORD_HASH = "$argon2id$reg-hash-K3vp";
    private static final String REGISTRATION_TOKEN = "regtoken-Zm4q8Tn";
    private static final String RECOVERY_TICKET = "ticket-Hy72LpW";
    private static final String EMAIL_CODE = "code-Wq81XzR";
    private static final String DATABASE_PASSWORD = "db-pass-Vr5tQ";
    /** A job payload may carry what a job needs to do its work (an address, a token to send): never logged. */
    private static final String QUEUE_PAYLOAD_SECRET = "queue-payload-Pj6sW";

    private static final List<String> OWN_SECRETS = List.of(PASSWORD_HASH, REGISTRATION_PASSWORD_HASH,
            REGISTRATION_TOKEN, RECOVERY_TICKET, EMAIL_CODE, DATABASE_PASSWORD, QUEUE_PAYLOAD_SECRET);

    @Test
    void noSecretAppearsInAnyLogLineOrExceptionMessageAtTrace(TestStorage storage) {
        List<Throwable> failures = new ArrayList<>();
        writeAndReadEverySecret(storage);
        failures.add(failureOf(() -> storage.saved(session -> session.userRegistrationToken().add(storage.clock(),
                storage.random(), REGISTRATION_TOKEN, Optional.empty(), Optional.empty()))));
        failures.add(failureOf(() -> storage.saved(session -> addCodeTwice(storage, session))));
        User ghost = new User(Ulid.minAt(Instant.EPOCH), "ghost", Instant.EPOCH, Optional.empty(), Optional.empty(),
                false, false);
        failures.add(failureOf(() -> storage.saved(session -> session.userPassword()
                .add(storage.clock(), storage.random(), ghost, 1, PASSWORD_HASH, Optional.empty()))));
        failures.addAll(useADatabasePassword(storage));

        assertThat(failures).as("every attempt above fails").doesNotContainNull()
                .hasAtLeastOneElementOfType(ConflictException.class)
                .hasAtLeastOneElementOfType(DatabaseException.class);
        for (Throwable failure : failures) {
            String described = describeFully(failure);
            for (String secret : OWN_SECRETS) {
                assertThat(described).as("exception text").doesNotContain(secret);
            }
        }
        String log = TraceLog.searchableText();
        assertThat(log).as("the log is written at TRACE, the driver's DEBUG output included")
                .contains(" TRACE ")
                .contains("io.r2dbc.postgresql.QUERY")
                .contains("insert into \"user_registration_tokens\"");
        for (String secret : concat(OWN_SECRETS, SECRETS_OF_OTHER_TESTS)) {
            assertThat(log.contains(secret)).as("the log of the whole test JVM (" + TraceLog.file()
                    + ") contains the secret '" + secret + "'").isFalse();
        }
    }

    private static void writeAndReadEverySecret(TestStorage storage) {
        storage.saved(session -> session.user().add(storage.clock(), storage.random(), "alice")
                .flatMap(alice -> session.userPassword()
                        .add(storage.clock(), storage.random(), alice, 2, PASSWORD_HASH, Optional.empty())
                        .then(session.userPassword().active(alice))
                        .then(session.userEmail().add(storage.clock(), storage.random(), alice, "a@example.org")))
                .flatMap(email -> addRecoveryTicket(storage, session, email))
                .then(session.userRecovery().findTicket(RECOVERY_TICKET))
                .then(session.userRegistrationToken().add(storage.clock(), storage.random(), REGISTRATION_TOKEN,
                        Optional.empty(), Optional.empty()))
                .then(session.userRegistrationToken().findByToken(REGISTRATION_TOKEN))
                .then(session.userRegistration().add(storage.clock(), storage.random(), "bob", Optional.empty(),
                        Optional.empty(), Optional.empty()))
                .flatMap(registration -> session.userRegistration()
                        .setPassword(registration, REGISTRATION_PASSWORD_HASH, 2)));
        Json payload = Json.of("{\"token\": \"" + QUEUE_PAYLOAD_SECRET + "\"}");
        storage.saved(session -> session.queueWorker().register(storage.clock(), storage.random())
                .flatMap(worker -> session.queueJob().schedule(storage.clock(), storage.random(), "secret-queue",
                                payload, payload)
                        .then(session.queueJob().reserve(storage.clock(), worker, List.of("secret-queue"), 1))
                        .flatMap(jobs -> session.queueJob().markAsFailed(storage.clock(), jobs.getFirst().id(),
                                        "failed")
                                .then(session.queueJob().lookup(jobs.getFirst().id())))));
    }

    private static Mono<?> addRecoveryTicket(TestStorage storage, RepositorySession session, UserEmail email) {
        return session.userRecovery()
                .addSession(storage.clock(), storage.random(), email.email(), "agent", Optional.empty(), "en")
                .flatMap((UserRecoverySession recovery) -> session.userRecovery()
                        .addTicket(storage.clock(), storage.random(), recovery, email, RECOVERY_TICKET));
    }

    private static Mono<?> addCodeTwice(TestStorage storage, RepositorySession session) {
        return session.userRegistration()
                .add(storage.clock(), storage.random(), "carol", Optional.empty(), Optional.empty(), Optional.empty())
                .flatMap((UserRegistration registration) -> session.userEmail().addAuthenticationForRegistration(
                        storage.clock(), storage.random(), "c@example.org", registration))
                .flatMap((UserEmailAuthentication authentication) -> session.userEmail()
                        .addAuthenticationCode(storage.clock(), storage.random(), Duration.ofMinutes(5),
                                authentication, EMAIL_CODE)
                        .then(session.userEmail().findAuthenticationCode(authentication, EMAIL_CODE))
                        .then(session.userEmail().addAuthenticationCode(storage.clock(), storage.random(),
                                Duration.ofMinutes(5), authentication, EMAIL_CODE)));
    }

    /** A URL with a password: it works (the embedded server trusts loopback), and failing to connect names no password. */
    private static List<Throwable> useADatabasePassword(TestStorage storage) {
        EphemeralPostgres server = EphemeralPostgres.shared();
        String url = "postgresql://" + EphemeralPostgres.SUPERUSER + ":" + DATABASE_PASSWORD + "@localhost:"
                + server.port() + "/" + storage.database() + "?sslmode=disable";
        StorageSettings settings = StorageSettings.fromUrl(url);
        assertThat(settings.toString()).doesNotContain(DATABASE_PASSWORD);
        try (JooqRepositoryFactory factory = JooqRepositoryFactory.create(settings)) {
            assertThat(factory.transaction(session -> session.user().count(UserFilter.all())).block(TestStorage.TIMEOUT))
                    .isPositive();
        }
        List<Throwable> failures = new ArrayList<>();
        try (JooqRepositoryFactory unreachable = JooqRepositoryFactory.create(settings.toBuilder().port(1)
                .connectTimeout(Duration.ofSeconds(1)).build())) {
            failures.add(failureOf(() -> unreachable.open().block(TestStorage.TIMEOUT)));
        }
        failures.add(failureOf(() -> StorageSettings.fromUrl(url.replace("sslmode=disable", "sslmode=bogus"))));
        failures.add(failureOf(() -> StorageSettings.fromUrl(url + "&sslrootcert=/x")));
        return failures;
    }

    private static Throwable failureOf(Runnable attempt) {
        return catchThrowable(attempt::run);
    }

    /** Messages, toString and stack-trace-free text of the whole cause chain and the suppressed exceptions. */
    private static String describeFully(Throwable failure) {
        StringBuilder text = new StringBuilder();
        List<Throwable> seen = new ArrayList<>();
        describe(failure, text, seen);
        return text.toString();
    }

    private static void describe(Throwable failure, StringBuilder text, List<Throwable> seen) {
        if (failure == null || seen.contains(failure)) {
            return;
        }
        seen.add(failure);
        text.append(failure).append('\n').append(failure.getLocalizedMessage()).append('\n');
        for (Throwable suppressed : failure.getSuppressed()) {
            describe(suppressed, text, seen);
        }
        describe(failure.getCause(), text, seen);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
