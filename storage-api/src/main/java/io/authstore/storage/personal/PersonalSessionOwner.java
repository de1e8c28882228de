package io.authstore.storage.personal;

import io.authstore.storage.Ulid;
import io.authstore.storage.users.User;
import java.util.Objects;

/** Who owns a personal session: a user, or an OAuth 2.0 client (referred to by its id). */
public sealed interface PersonalSessionOwner {

    record OwnerUser(Ulid userId) implements PersonalSessionOwner {
        public OwnerUser {
            Objects.requireNonNull(userId, "userId");
        }
    }

    record OwnerOAuth2Client(Ulid clientId) implements PersonalSessionOwner {
        public OwnerOAuth2Client {
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    static PersonalSessionOwner user(User user) {
        return new OwnerUser(user.id());
    }

    static PersonalSessionOwner oauth2Client(Ulid clientId) {
        return new OwnerOAuth2Client(clientId);
    }
}
