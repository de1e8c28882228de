package io.authstore.storage.app;

import io.authstore.storage.Clock;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.users.User;
import reactor.core.publisher.Mono;

/** OAuth 2.0 and compatibility sessions together, in id order. */
public interface AppSessionRepository {

    /** One page of both kinds of sessions, keyset-paginated on their ids. */
    Mono<Page<AppSession>> list(AppSessionFilter filter, Pagination pagination);

    Mono<Long> count(AppSessionFilter filter);

    /**
     * Finishes the user's active sessions that hold {@code deviceId} (compatibility sessions of that device, OAuth 2.0
     * sessions with its scope token), so that a new session can take the device over. Whether any was finished.
     */
    Mono<Boolean> finishSessionsToReplaceDevice(Clock clock, User user, String deviceId);
}
