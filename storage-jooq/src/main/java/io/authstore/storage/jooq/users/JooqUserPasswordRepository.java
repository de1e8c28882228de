package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_PASSWORDS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalUlid;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UserPasswordsRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.Password;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserPasswordRepository;
import java.time.Instant;
import java.util.Optional;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqUserPasswordRepository implements UserPasswordRepository {

    private static final String TABLE = "user_passwords";

    private final Statements db;

    public JooqUserPasswordRepository(Statements statements) {
        this.db = statements;
    }

    // Run on every password login: rendered once (PreparedQuery). Newest first; the id breaks ties between passwords
    // stamped with the same time.
    private static final PreparedQuery<UserPasswordsRecord> ACTIVE = PreparedQuery.of(DSL.selectFrom(USER_PASSWORDS)
            .where(PreparedQuery.eqValue(USER_PASSWORDS.USER_ID))
            .orderBy(USER_PASSWORDS.CREATED_AT.desc(), USER_PASSWORDS.USER_PASSWORD_ID.desc())
            .limit(1));
    private static final PreparedQuery<UserPasswordsRecord> ADD = PreparedQuery.of(PreparedQuery.insertInto(USER_PASSWORDS,
            USER_PASSWORDS.USER_PASSWORD_ID, USER_PASSWORDS.USER_ID, USER_PASSWORDS.HASHED_PASSWORD,
            USER_PASSWORDS.VERSION, USER_PASSWORDS.UPGRADED_FROM_ID, USER_PASSWORDS.CREATED_AT)
            .returning());

    @Override
    public Mono<Password> active(User user) {
        return Mono.defer(() -> db.fetchOptional("db.user_password.active", ACTIVE.with(uuid(user.id()))))
                .map(JooqUserPasswordRepository::password);
    }

    @Override
    public Mono<Password> add(
            Clock clock,
            RandomSource random,
            User user,
            int version,
            String hashedPassword,
            Optional<Password> upgradedFrom) {
        if (Text.hasNul(hashedPassword)) {
            return Text.refused("hashedPassword");
        }
        if (upgradedFrom.isPresent() && !upgradedFrom.get().userId().equals(user.id())) {
            // Linking another user's hash would be a bug of the caller, never a state to store.
            return Mono.error(new IllegalArgumentException("password " + upgradedFrom.get().id()
                    + " belongs to user " + upgradedFrom.get().userId() + ", not to " + user.id()));
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.user_password.add", ADD.with(uuid(id), uuid(user.id()), hashedPassword,
                            version, uuid(upgradedFrom.map(Password::id).orElse(null)), timestamp(now)),
                            USER_PASSWORDS.USER_PASSWORD_ID, id)
                    .map(JooqUserPasswordRepository::password);
        });
    }

    static Password password(UserPasswordsRecord row) {
        return new Password(
                ulid(row.getUserPasswordId()),
                ulid(row.getUserId()),
                row.getHashedPassword(),
                row.getVersion(),
                optionalUlid(row.getUpgradedFromId()),
                instant(row.getCreatedAt()));
    }
}
