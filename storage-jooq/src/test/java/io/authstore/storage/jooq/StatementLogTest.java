package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.LoggerFactory;

/** Every statement is logged under its operation's name, with its SQL but never its bound values. */
@Isolated
@ExtendWith(StorageExtension.class)
class StatementLogTest {

    private static final String SECRET_HASH = "$argon2id$v=19$secret-hash-value";
    private static final String SECRET_TOKEN = "registration-token-secret-value";

    private final Logger logger = (Logger) LoggerFactory.getLogger(StatementLog.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
        previousLevel = logger.getLevel();
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }

    private List<String> lines(Level level) {
        return appender.list.stream()
                .filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static void writeSecrets(TestStorage storage, JooqRepositoryFactory factory) {
        factory.transaction(session -> session.user().add(storage.clock(), storage.random(), "alice")
                        .flatMap(alice -> session.userPassword().add(
                                storage.clock(), storage.random(), alice, 2, SECRET_HASH, Optional.empty()))
                        .then(session.userRegistrationToken().add(
                                storage.clock(), storage.random(), SECRET_TOKEN, Optional.empty(), Optional.empty()))
                        .then(session.userRegistrationToken().findByToken(SECRET_TOKEN)))
                .block(TestStorage.TIMEOUT);
    }

    @Test
    void debugNamesEveryOperationAndShowsPlaceholdersNotValues(TestStorage storage) {
        logger.setLevel(Level.DEBUG);

        writeSecrets(storage, storage.factory());

        List<String> debug = lines(Level.DEBUG);
        assertThat(debug).anySatisfy(line -> assertThat(line)
                .startsWith("db.user.add: 1 rows in ")
                .contains("insert into \"users\"")
                .contains("$1", "$2"));
        assertThat(debug).anySatisfy(line -> assertThat(line).startsWith("db.user_password.add: 1 rows"));
        assertThat(debug).anySatisfy(line -> assertThat(line).startsWith("db.user_registration_token.add: 1 rows"));
        assertThat(debug).anySatisfy(line -> assertThat(line)
                .startsWith("db.user_registration_token.find_by_token: 1 rows"));
        assertThat(String.join("\n", debug))
                .doesNotContain(SECRET_HASH)
                .doesNotContain(SECRET_TOKEN)
                .doesNotContain("alice");
    }

    @Test
    void slowStatementsAreWarnedAboutWithRowsAndTimeButNoValues(TestStorage storage) {
        logger.setLevel(Level.WARN);
        JooqRepositoryFactory everythingIsSlow = storage.factory(settings -> settings
                .slowStatementThreshold(Duration.ofNanos(1)));

        writeSecrets(storage, everythingIsSlow);

        List<String> warnings = lines(Level.WARN);
        assertThat(warnings).anySatisfy(line -> assertThat(line)
                .matches("db\\.user_password\\.add: slow statement, 1 rows in [0-9.]+ ms \\(threshold 0\\.0 ms\\): "
                        + "insert into \"user_passwords\".*"));
        assertThat(String.join("\n", warnings)).doesNotContain(SECRET_HASH).doesNotContain(SECRET_TOKEN);
        assertThat(lines(Level.DEBUG)).as("DEBUG is off").isEmpty();
    }

    @Test
    void fastStatementsStayQuietAtWarn(TestStorage storage) {
        logger.setLevel(Level.WARN);
        JooqRepositoryFactory patient = storage.factory(settings -> settings
                .slowStatementThreshold(Duration.ofMinutes(1)));

        patient.transaction(session -> session.user().add(storage.clock(), storage.random(), "bob").map(User::id))
                .block(TestStorage.TIMEOUT);

        assertThat(appender.list).isEmpty();
    }
}
