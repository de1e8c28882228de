package io.authstore.tools.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL refuses to run as root. zonky then runs it under {@code unshare -U}, where root is an ordinary user,
 * but falls back to running it as root, with initdb's cryptic refusal, when that does not work. This checks first
 * and says what is wrong.
 */
final class UserNamespaces {

    private UserNamespaces() {}

    private static final List<String> PROBE = List.of("unshare", "-U", "id", "-u");

    static void requireUsableWhenRoot() {
        requireUsable(isRoot(), PROBE);
    }

    /** @param probe a command that prints the user id it runs as inside a new user namespace */
    static void requireUsable(boolean root, List<String> probe) {
        if (!root) {
            return;
        }
        String problem = unshareProblem(probe);
        if (problem != null) {
            throw new EphemeralPostgresException("the embedded PostgreSQL cannot start: this process runs as root,"
                    + " which PostgreSQL refuses, and a user namespace to run it in is not available (" + problem
                    + "). Run as a non-root user, or allow user namespaces (sysctl -w user.max_user_namespaces=15000,"
                    + " and kernel.unprivileged_userns_clone=1 where that setting exists).\n"
                    + EphemeralPostgresException.ALTERNATIVE);
        }
    }

    static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return id.waitFor() == 0 && uid.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why {@code unshare -U} cannot give a non-root user, or {@code null} when it can. */
    private static String unshareProblem(List<String> probe) {
        try {
            Process unshare = new ProcessBuilder(probe).redirectErrorStream(true).start();
            // wait first (a hung probe must not hang the build); its few bytes of output fit in the pipe
            if (!unshare.waitFor(10, TimeUnit.SECONDS)) {
                unshare.destroyForcibly();
                return "'unshare -U' did not finish";
            }
            String output = new String(unshare.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (unshare.exitValue() != 0) {
                return "'unshare -U' failed: " + output;
            }
            if (output.equals("0")) {
                return "'unshare -U' still runs as uid 0";
            }
            return null;
        } catch (IOException e) {
            return "the 'unshare' command is missing (Debian package util-linux): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
