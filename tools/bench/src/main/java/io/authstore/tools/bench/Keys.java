package io.authstore.tools.bench;

import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.UUID;

/**
 * The keys of the seeded rows, the same for every contender and computable in SQL, so that pgbench scripts pick rows
 * exactly as the Java clients do. A seeded key is a valid ULID: the 48-bit time is the seeding instant (plus one
 * millisecond per table, so tables never share a key), and the 80 "random" bits are the row number.
 */
final class Keys {

    static final Instant SEEDED_AT = Instant.parse("2026-01-01T00:00:00Z");

    static final long USERS = prefix(0);
    static final long EMAILS = prefix(1);
    static final long PASSWORDS = prefix(2);
    static final long SESSIONS = prefix(3);
    static final long AUTHENTICATIONS = prefix(4);
    static final long CLIENTS = prefix(5);
    static final long OAUTH2_SESSIONS = prefix(6);
    static final long ACCESS_TOKENS = prefix(7);

    private Keys() {}

    private static long prefix(int table) {
        return (SEEDED_AT.toEpochMilli() + table) << 16;
    }

    static UUID uuid(long prefix, long n) {
        return new UUID(prefix, n);
    }

    static Ulid ulid(long prefix, long n) {
        return Ulid.fromUuid(uuid(prefix, n));
    }

    /** The same key in SQL, for the row number the expression {@code n} gives. */
    static String sql(long prefix, String n) {
        return "('%016x' || lpad(to_hex((%s)::bigint), 16, '0'))::uuid".formatted(prefix, n);
    }

    /** Usernames are seeded lower-case and looked up in another case, as findByUsername must ignore case. */
    static String username(long n) {
        return "user" + n;
    }

    static String usernameAsTyped(long n) {
        return "User" + n;
    }

    /** The access token of the seeded OAuth 2.0 session {@code n}; in SQL, {@link #accessTokenSql}. */
    static String accessToken(long n) {
        return "mat_seeded" + n;
    }

    static String accessTokenSql(String n) {
        return "'mat_seeded' || " + n;
    }

    /** The address a seeded session was last active from, 10.x.y.z from its number, as the seed writes it. */
    static InetAddress address(long n) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
