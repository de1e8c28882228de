package io.authstore.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A 128-bit, time-ordered identifier: 48 bits of milliseconds since the epoch, then 80 random bits. Every primary key
 * is one, stored in a {@code uuid} column; because the time leads, ordering by id is ordering by creation time, which
 * is what keyset pagination and the "created before/after" filters rely on. Its text form is Crockford base32 (26
 * characters), as in MAS.
 */
public record Ulid(long mostSignificantBits, long leastSignificantBits) implements Comparable<Ulid> {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long MAX_TIMESTAMP = (1L << 48) - 1;
    private static final Instant LAST = Instant.ofEpochMilli(MAX_TIMESTAMP);

    /** A new id for something created now: the clock's millisecond, then 80 bits from the random source. */
    public static Ulid generate(Clock clock, RandomSource random) {
        return generate(clock.now(), random);
    }

    /**
     * A new id for something created at {@code now}: for repositories that read the clock once and use the same
     * instant for the id and the created_at column, so the two always agree.
     */
    public static Ulid generate(Instant now, RandomSource random) {
        return at(now, random.nextLong(), random.nextLong());
    }

    /** The smallest id that {@link #generate} can produce in {@code instant}'s millisecond. */
    public static Ulid minAt(Instant instant) {
        return at(instant, 0L, 0L);
    }

    /** The largest id that {@link #generate} can produce in {@code instant}'s millisecond. */
    public static Ulid maxAt(Instant instant) {
        return at(instant, -1L, -1L);
    }

    /**
     * The smallest id of anything created at or after {@code instant} (on a millisecond {@link Clock}): ids
     * {@code >=} it were created at or after, ids {@code <} it before. An instant inside a millisecond rounds up.
     */
    public static Ulid createdAtOrAfter(Instant instant) {
        Instant bounded = clamp(instant);
        Instant millisecond = bounded.truncatedTo(ChronoUnit.MILLIS);
        return minAt(millisecond.equals(bounded) ? millisecond : millisecond.plusMillis(1));
    }

    /** The largest id of anything created at or before {@code instant}: ids {@code >} it were created after. */
    public static Ulid createdAtOrBefore(Instant instant) {
        return maxAt(clamp(instant));
    }

    /** Bounds for filters: an instant before 1970 or after 10889 means "everything" or "nothing", not an error. */
    private static Instant clamp(Instant instant) {
        return instant.isBefore(Instant.EPOCH) ? Instant.EPOCH : instant.isAfter(LAST) ? LAST : instant;
    }

    private static Ulid at(Instant instant, long randomHigh, long randomLow) {
        // Compared as instants first: toEpochMilli() overflows (ArithmeticException) far outside the range.
        if (instant.isBefore(Instant.EPOCH) || !instant.isBefore(LAST.plusMillis(1))) {
            throw new IllegalArgumentException("a ULID holds instants from 1970 to 10889, not " + instant);
        }
        long millis = instant.toEpochMilli();
        if (millis < 0 || millis > MAX_TIMESTAMP) {
            throw new IllegalArgumentException("a ULID holds instants from 1970 to 10889, not " + instant);
        }
        return new Ulid((millis << 16) | (randomHigh & 0xFFFFL), randomLow);
    }

    public static Ulid fromUuid(UUID uuid) {
        return new Ulid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /** Parses the 26-character base32 form (case-insensitive, as Crockford's alphabet allows). */
    public static Ulid parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != 26) {
            throw new IllegalArgumentException("a ULID has 26 characters, not " + text.length());
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 26; i++) {
            int digit = decode(text.charAt(i));
            if (i == 0 && digit > 7) {
                throw new IllegalArgumentException("'" + text + "' is larger than the largest ULID");
            }
            // shift the 128-bit value left by 5 and add the digit
            high = (high << 5) | (low >>> 59);
            low = (low << 5) | digit;
        }
        return new Ulid(high, low);
    }

    private static int decode(char c) {
        char upper = Character.toUpperCase(c);
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == upper) {
                return i;
            }
        }
        throw new IllegalArgumentException("'" + c + "' is not a Crockford base32 digit");
    }

    public UUID toUuid() {
        return new UUID(mostSignificantBits, leastSignificantBits);
    }

    /** The millisecond it was created at. */
    public Instant timestamp() {
        return Instant.ofEpochMilli(mostSignificantBits >>> 16);
    }

    /** Unsigned, byte-wise order: the order PostgreSQL sorts {@code uuid} values in. */
    @Override
    public int compareTo(Ulid other) {
        int high = Long.compareUnsigned(mostSignificantBits, other.mostSignificantBits);
        return high != 0 ? high : Long.compareUnsigned(leastSignificantBits, other.leastSignificantBits);
    }

    @Override
    public String toString() {
        char[] text = new char[26];
        long high = mostSignificantBits;
        long low = leastSignificantBits;
        for (int i = 25; i >= 0; i--) {
            text[i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | (high << 59);
            high >>>= 5;
        }
        return new String(text);
    }
}
