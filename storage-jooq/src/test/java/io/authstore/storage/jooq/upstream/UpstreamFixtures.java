package io.authstore.storage.jooq.upstream;

import io.authstore.storage.JsonValue;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSession;
import io.authstore.storage.upstream.UpstreamOAuthLink;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.upstream.UpstreamOAuthProvider.TokenAuthMethod;
import io.authstore.storage.upstream.UpstreamOAuthProviderParams;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.util.Optional;

/**
 * Rows the upstream tests need, each written in a saved session of its own one second after the previous one on the
 * frozen clock, so that ids and timestamps order as the test wrote them.
 */
final class UpstreamFixtures {

    /** JSON that a jsonb column spells differently from how it was written, with the values it must keep. */
    static final String TRICKY_JSON = "{\"z\": 1, \"a\": {\"nested\": [1.0, 1e2, -0, 12345678901234567890.123456789,"
            + " true, false, null, {\"deeper\": [[[]]]}]}, \"unicode\": \"caf\\u00e9 \u00fc \u6f22\u5b57"
            + " \\ud83d\\ude00 \ud83c\udf89\", \"escapes\": \"quote \\\" backslash \\\\ slash \\/ tab \\t newline"
            + " \\n\", \"\": \"empty key\", \"dup\": 1, \"dup\": 2, \"long key that sorts last by length\": {},"
            + " \"b\": []}";

    private UpstreamFixtures() {}

    static void tick(TestStorage storage) {
        storage.clock().advance(Duration.ofSeconds(1));
    }

    static UpstreamOAuthProviderParams.Builder params(String clientId) {
        return UpstreamOAuthProviderParams.builder(clientId, "openid", TokenAuthMethod.NONE);
    }

    static UpstreamOAuthProvider provider(TestStorage storage, String clientId) {
        tick(storage);
        return storage.saved(session -> session.upstreamOAuthProvider()
                .add(storage.clock(), storage.random(), params(clientId).build()));
    }

    static UpstreamOAuthLink link(TestStorage storage, UpstreamOAuthProvider provider, String subject) {
        tick(storage);
        return storage.saved(session -> session.upstreamOAuthLink()
                .add(storage.clock(), storage.random(), provider, subject, Optional.empty()));
    }

    static UpstreamOAuthAuthorizationSession pending(TestStorage storage, UpstreamOAuthProvider provider,
            String state) {
        tick(storage);
        return storage.saved(session -> session.upstreamOAuthSession().add(storage.clock(), storage.random(),
                provider, state, Optional.of("verifier-" + state), Optional.of("nonce-" + state)));
    }

    static UpstreamOAuthAuthorizationSession completed(TestStorage storage, UpstreamOAuthAuthorizationSession pending,
            UpstreamOAuthLink link, String sub, String sid) {
        tick(storage);
        JsonValue claims = JsonValue.parse("{\"sub\": " + JsonValue.quote(sub) + ", \"sid\": " + JsonValue.quote(sid)
                + "}");
        return storage.saved(session -> session.upstreamOAuthSession().completeWithLink(storage.clock(), pending,
                link, Optional.of("id-token-" + pending.stateParameter()), Optional.of(claims), Optional.empty(),
                Optional.empty()));
    }

    static User user(TestStorage storage, String username) {
        tick(storage);
        return storage.saved(session -> session.user().add(storage.clock(), storage.random(), username));
    }

    static BrowserSession browserSession(TestStorage storage, User user) {
        tick(storage);
        return storage.saved(session -> session.browserSession()
                .add(storage.clock(), storage.random(), user, Optional.empty()));
    }
}
