package io.authstore.storage.jooq;

import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jooq.postgres.extensions.types.Inet;

/** Between domain values (Ulid, Instant, InetAddress) and the generated records' column types. */
public final class Convert {

    private Convert() {}

    public static UUID uuid(Ulid id) {
        return id == null ? null : id.toUuid();
    }

    public static Ulid ulid(UUID uuid) {
        return uuid == null ? null : Ulid.fromUuid(uuid);
    }

    public static Optional<Ulid> optionalUlid(UUID uuid) {
        return Optional.ofNullable(uuid).map(Ulid::fromUuid);
    }

    /** The first instant a PostgreSQL timestamp holds (4714-11-24 BC) and the end of its range (after 294276 AD). */
    private static final Instant POSTGRES_FIRST = Instant.parse("-4713-11-24T00:00:00Z");
    private static final Instant POSTGRES_END = Instant.parse("+294277-01-01T00:00:00Z");

    /**
     * The column value of an instant; an instant PostgreSQL cannot store is refused here, as a wrong argument,
     * instead of failing on the server as a database error that would roll back the caller's session.
     */
    public static OffsetDateTime timestamp(Instant instant) {
        if (instant == null) {
            return null;
        }
        if (instant.isBefore(POSTGRES_FIRST) || !instant.isBefore(POSTGRES_END)) {
            throw new IllegalArgumentException(instant + " is outside the range PostgreSQL can store in a timestamp"
                    + " (4714-11-24 BC to 294276-12-31 AD)");
        }
        return instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    public static Optional<Instant> optionalInstant(OffsetDateTime timestamp) {
        return Optional.ofNullable(timestamp).map(OffsetDateTime::toInstant);
    }

    public static Inet inet(InetAddress address) {
        return address == null ? null : Inet.valueOf(address);
    }

    public static Optional<InetAddress> optionalAddress(Inet inet) {
        return Optional.ofNullable(inet).map(Inet::address);
    }
}
