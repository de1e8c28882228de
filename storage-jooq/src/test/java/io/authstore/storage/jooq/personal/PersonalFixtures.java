package io.authstore.storage.jooq.personal;

import static io.authstore.snapshot.Tables.OAUTH2_CLIENTS;
import static io.authstore.storage.jooq.Convert.timestamp;

import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.personal.PersonalSession;
import io.authstore.storage.personal.PersonalSessionOwner;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.util.Set;

/** Rows the personal-session tests need, each written in a saved session of its own, one second apart. */
final class PersonalFixtures {

    private PersonalFixtures() {}

    static void tick(TestStorage storage) {
        storage.clock().advance(Duration.ofSeconds(1));
    }

    static User user(TestStorage storage, String name) {
        tick(storage);
        return storage.saved(s -> s.user().add(storage.clock(), storage.random(), name));
    }

    /** An OAuth 2.0 client row, written directly: its repository is written elsewhere. */
    static Ulid client(TestStorage storage) {
        Ulid id = Ulid.generate(storage.clock(), storage.random());
        storage.sql().insertInto(OAUTH2_CLIENTS)
                .set(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID, id.toUuid())
                .set(OAUTH2_CLIENTS.GRANT_TYPE_AUTHORIZATION_CODE, false)
                .set(OAUTH2_CLIENTS.GRANT_TYPE_REFRESH_TOKEN, false)
                .set(OAUTH2_CLIENTS.GRANT_TYPE_CLIENT_CREDENTIALS, true)
                .set(OAUTH2_CLIENTS.CREATED_AT, timestamp(storage.clock().now()))
                .execute();
        return id;
    }

    static PersonalSession session(TestStorage storage, PersonalSessionOwner owner, User actor, Set<String> scope) {
        tick(storage);
        return storage.saved(s -> s.personalSession()
                .add(storage.clock(), storage.random(), owner, actor, "Token for " + actor.username(), scope));
    }
}
