package io.authstore.tools.embedded;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a root user sees when PostgreSQL cannot be given a user namespace to run in. */
class UserNamespacesTest {

    @Test
    void aNonRootUserNeedsNoNamespace() {
        assertThatCode(() -> UserNamespaces.requireUsable(false, List.of("false"))).doesNotThrowAnyException();
    }

    @Test
    void rootWithWorkingNamespacesMayStart() {
        assertThatCode(() -> UserNamespaces.requireUsable(true, List.of("echo", "65534")))
                .doesNotThrowAnyException();
    }

    @Test
    void rootWithoutNamespacesIsToldWhyAndWhatToDo() {
        assertThatThrownBy(() -> UserNamespaces.requireUsable(true, List.of("sh", "-c",
                        "echo 'unshare: unshare failed: Operation not permitted'; exit 1")))
                .isInstanceOf(EphemeralPostgresException.class)
                .hasMessageContaining("this process runs as root, which PostgreSQL refuses")
                .hasMessageContaining("Operation not permitted")
                .hasMessageContaining("Run as a non-root user")
                .hasMessageContaining("PREPARE_DATABASE_URL");
        assertThatThrownBy(() -> UserNamespaces.requireUsable(true, List.of("echo", "0")))
                .hasMessageContaining("still runs as uid 0");
        assertThatThrownBy(() -> UserNamespaces.requireUsable(true, List.of("no-such-unshare-command")))
                .hasMessageContaining("the 'unshare' command is missing");
    }
}
