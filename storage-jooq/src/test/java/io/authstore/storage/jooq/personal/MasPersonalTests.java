package io.authstore.storage.jooq.personal;

import static io.authstore.storage.jooq.testing.TestStorage.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.Devices;
import io.authstore.storage.personal.PersonalAccessToken;
import io.authstore.storage.personal.PersonalSession;
import io.authstore.storage.personal.PersonalSessionFilter;
import io.authstore.storage.personal.PersonalSessionOwner;
import io.authstore.storage.personal.PersonalSessionWithToken;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MAS's tests of its personal-session repositories (crates/storage-pg/src/personal/mod.rs), ported. */
@ExtendWith(StorageExtension.class)
class MasPersonalTests {

    /** openid, profile and both device scope tokens of a random device, as MAS's tests build it. */
    static Set<String> scopeWithDevice(TestStorage storage) {
        String device = Long.toString(Math.abs(storage.random().nextLong()), 36);
        Set<String> scope = new HashSet<>(Set.of("openid", "profile"));
        scope.addAll(Devices.scopeTokens(device).orElseThrow());
        return scope;
    }

    // MAS: test_session_repository
    @Test
    void testSessionRepository(TestStorage storage) {
        var clock = storage.clock();
        var rng = storage.random();
        RepositorySession repo = storage.open();

        User adminUser = await(repo.user().add(clock, rng, "john"));
        User botUser = await(repo.user().add(clock, rng, "marvin"));

        PersonalSessionFilter all = PersonalSessionFilter.all().actorUser(botUser);
        PersonalSessionFilter active = all.active();
        PersonalSessionFilter finished = all.revoked();
        Pagination pagination = Pagination.first(10);

        assertThat(await(repo.personalSession().count(all))).isZero();
        assertThat(await(repo.personalSession().count(active))).isZero();
        assertThat(await(repo.personalSession().count(finished))).isZero();

        assertThat(await(repo.personalSession().list(all, pagination)).edges()).isEmpty();
        assertThat(await(repo.personalSession().list(active, pagination)).edges()).isEmpty();
        assertThat(await(repo.personalSession().list(finished, pagination)).edges()).isEmpty();

        Set<String> scope = scopeWithDevice(storage);
        PersonalSession session = await(repo.personalSession().add(clock, rng, PersonalSessionOwner.user(adminUser),
                botUser, "Test Personal Session", scope));
        assertThat(session.owner()).isEqualTo(new PersonalSessionOwner.OwnerUser(adminUser.id()));
        assertThat(session.actorUserId()).isEqualTo(botUser.id());
        assertThat(session.isActive()).isTrue();
        assertThat(session.isRevoked()).isFalse();
        assertThat(session.scope()).isEqualTo(scope);

        assertThat(await(repo.personalSession().count(all))).isEqualTo(1);
        assertThat(await(repo.personalSession().count(active))).isEqualTo(1);
        assertThat(await(repo.personalSession().count(finished))).isZero();

        Page<PersonalSessionWithToken> fullList = await(repo.personalSession().list(all, pagination));
        assertThat(fullList.edges()).hasSize(1);
        assertThat(fullList.items().get(0).session().id()).isEqualTo(session.id());
        assertThat(fullList.items().get(0).session().isActive()).isTrue();
        Page<PersonalSessionWithToken> activeList = await(repo.personalSession().list(active, pagination));
        assertThat(activeList.edges()).hasSize(1);
        assertThat(activeList.items().get(0).session().id()).isEqualTo(session.id());
        assertThat(activeList.items().get(0).session().isActive()).isTrue();
        assertThat(await(repo.personalSession().list(finished, pagination)).edges()).isEmpty();

        PersonalSession sessionLookup = await(repo.personalSession().lookup(session.id()));
        assertThat(sessionLookup).as("the personal session exists").isNotNull();
        assertThat(sessionLookup.id()).isEqualTo(session.id());
        assertThat(sessionLookup.owner()).isEqualTo(new PersonalSessionOwner.OwnerUser(adminUser.id()));
        assertThat(sessionLookup.actorUserId()).isEqualTo(botUser.id());
        assertThat(sessionLookup.scope()).isEqualTo(scope);
        assertThat(sessionLookup.isActive()).isTrue();
        assertThat(sessionLookup.isRevoked()).isFalse();

        session = await(repo.personalSession().revoke(clock, session));
        assertThat(session.isActive()).isFalse();
        assertThat(session.isRevoked()).isTrue();

        assertThat(await(repo.personalSession().count(all))).isEqualTo(1);
        assertThat(await(repo.personalSession().count(active))).isZero();
        assertThat(await(repo.personalSession().count(finished))).isEqualTo(1);

        fullList = await(repo.personalSession().list(all, pagination));
        assertThat(fullList.edges()).hasSize(1);
        assertThat(fullList.items().get(0).session().id()).isEqualTo(session.id());
        assertThat(await(repo.personalSession().list(active, pagination)).edges()).isEmpty();
        Page<PersonalSessionWithToken> finishedList = await(repo.personalSession().list(finished, pagination));
        assertThat(finishedList.edges()).hasSize(1);
        assertThat(finishedList.items().get(0).session().id()).isEqualTo(session.id());
        assertThat(finishedList.items().get(0).session().isRevoked()).isTrue();

        sessionLookup = await(repo.personalSession().lookup(session.id()));
        assertThat(sessionLookup.isActive()).isFalse();
        assertThat(sessionLookup.isRevoked()).isTrue();
        await(repo.cancel());
    }

    // MAS: test_session_revoke_bulk
    @Test
    void testSessionRevokeBulk(TestStorage storage) {
        var clock = storage.clock();
        var rng = storage.random();
        RepositorySession repo = storage.open();

        User aliceUser = await(repo.user().add(clock, rng, "alice"));
        User bobUser = await(repo.user().add(clock, rng, "bob"));

        PersonalSession session1 = await(repo.personalSession().add(clock, rng, PersonalSessionOwner.user(aliceUser),
                bobUser, "Test Personal Session", Set.of("openid")));
        await(repo.personalAccessToken().add(clock, rng, session1, "mpt_hiss", Optional.of(Duration.ofDays(42))));

        PersonalSession session2 = await(repo.personalSession().add(clock, rng, PersonalSessionOwner.user(bobUser),
                bobUser, "Test Personal Session", Set.of("openid")));
        await(repo.personalAccessToken().add(clock, rng, session2, "mpt_meow", Optional.empty())); // No expiry

        assertThat(await(repo.personalSession().revokeBulk(clock,
                PersonalSessionFilter.all().active().expires(false)))).isEqualTo(1);

        assertThat(await(repo.personalSession().revokeBulk(clock,
                PersonalSessionFilter.all().active().expires(true)))).isEqualTo(1);

        assertThat(await(repo.personalSession().revokeBulk(clock, PersonalSessionFilter.all().active()))).isZero();
        await(repo.cancel());
    }

    // MAS: test_access_token_repository
    @Test
    void testAccessTokenRepository(TestStorage storage) {
        final String firstToken = "first_access_token";
        final String secondToken = "second_access_token";
        var clock = storage.clock();
        var rng = storage.random();
        RepositorySession repo = storage.open();

        User adminUser = await(repo.user().add(clock, rng, "john"));
        User botUser = await(repo.user().add(clock, rng, "marvin"));

        PersonalSession session = await(repo.personalSession().add(clock, rng, PersonalSessionOwner.user(adminUser),
                botUser, "Test Personal Session", scopeWithDevice(storage)));

        PersonalAccessToken token = await(repo.personalAccessToken()
                .add(clock, rng, session, firstToken, Optional.of(Duration.ofMinutes(1))));
        assertThat(token.sessionId()).isEqualTo(session.id());

        await(repo.save());
        {
            RepositorySession other = storage.open();
            assertThatThrownBy(() -> await(other.personalAccessToken()
                    .add(clock, rng, session, firstToken, Optional.of(Duration.ofMinutes(1)))))
                    .isInstanceOf(ConflictException.class);
            await(other.cancel());
        }

        repo = storage.open();

        PersonalAccessToken tokenLookup = await(repo.personalAccessToken().lookup(token.id()));
        assertThat(tokenLookup).as("the personal access token exists").isNotNull();
        assertThat(tokenLookup.id()).isEqualTo(token.id());
        assertThat(tokenLookup.sessionId()).isEqualTo(session.id());

        tokenLookup = await(repo.personalAccessToken().findByToken(firstToken));
        assertThat(tokenLookup).as("the personal access token exists").isNotNull();
        assertThat(tokenLookup.id()).isEqualTo(token.id());
        assertThat(tokenLookup.sessionId()).isEqualTo(session.id());

        assertThat(token.isValidAt(clock.now())).isTrue();

        clock.advance(Duration.ofMinutes(1));
        assertThat(token.isValidAt(clock.now())).isFalse();

        await(repo.personalAccessToken().revoke(clock, token));
        token = await(repo.personalAccessToken().add(clock, rng, session, secondToken, Optional.empty()));
        assertThat(token.sessionId()).isEqualTo(session.id());

        assertThat(token.isValidAt(clock.now())).isTrue();

        await(repo.personalAccessToken().revoke(clock, token));

        token = await(repo.personalAccessToken().findByToken(secondToken));
        assertThat(token).as("the personal access token exists").isNotNull();

        assertThat(token.isValidAt(clock.now())).isFalse();

        await(repo.save());
    }
}
