package io.authstore.url;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * libpq's {@code target_session_attrs}: which of the URL's servers a connection may settle on. libpq tries the hosts
 * in order and keeps the first that qualifies.
 */
public enum TargetSessionAttrs {
    /** Any server that accepts the connection (libpq's default). */
    ANY("any"),
    /** A server that accepts writes: not a standby, and {@code default_transaction_read_only} off. */
    READ_WRITE("read-write"),
    /** The opposite of read-write: a standby, or a server whose sessions are read-only by default. */
    READ_ONLY("read-only"),
    /** A server that is not in recovery. */
    PRIMARY("primary"),
    /** A server in recovery (a hot standby). */
    STANDBY("standby"),
    /** A standby if one of the hosts is, any server otherwise. */
    PREFER_STANDBY("prefer-standby");

    private final String libpqName;

    TargetSessionAttrs(String libpqName) {
        this.libpqName = libpqName;
    }

    /** The value as libpq spells it in a URL. */
    public String libpqName() {
        return libpqName;
    }

    /** Whether a connection to a server that accepts writes can qualify. */
    public boolean allowsPrimary() {
        return this != STANDBY && this != READ_ONLY;
    }

    /**
     * @throws InvalidDatabaseUrlException naming the accepted values
     */
    public static TargetSessionAttrs fromLibpqName(String value) {
        String normalized = value.toLowerCase(Locale.ROOT);
        for (TargetSessionAttrs attrs : values()) {
            if (attrs.libpqName.equals(normalized)) {
                return attrs;
            }
        }
        throw new InvalidDatabaseUrlException("unsupported target_session_attrs '" + value + "': use one of "
                + Arrays.stream(values()).map(TargetSessionAttrs::libpqName).sorted().collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return libpqName;
    }
}
