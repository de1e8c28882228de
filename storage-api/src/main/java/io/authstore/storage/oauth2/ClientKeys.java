package io.authstore.storage.oauth2;

import java.net.URI;
import java.util.Objects;

/** Where a client's public keys are: given by value (a JWK Set as JSON text) or by URL. */
public sealed interface ClientKeys {

    record Jwks(String json) implements ClientKeys {
        public Jwks {
            Objects.requireNonNull(json, "json");
        }
    }

    record JwksUri(URI uri) implements ClientKeys {
        public JwksUri {
            Objects.requireNonNull(uri, "uri");
        }
    }
}
