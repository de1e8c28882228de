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

    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
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
