package io.authstore.storage.jooq.properties;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.provider.Arguments;
import org.opentest4j.TestAbortedException;

/**
 * Seeded inputs for property tests on plain JUnit: the same cases on every run, so that a failure can be reproduced,
 * and other cases with {@code -Dproperties.seed=N}. Each property draws from a random of its own, so that changing
 * one property's cases does not change another's.
 */
final class Generators {

    static final String SEED_PROPERTY = "properties.seed";
    static final long SEED = Long.getLong(SEED_PROPERTY, 20_260_101L);

    /** Planes 0 to 3 (BMP, SMP, SIP, TIP) and 14 to 16 (special purpose and the two private use planes). */
    private static final int[] PLANES = {0, 1, 2, 3, 14, 15, 16};

    /** Quoting, escapes, comments, placeholders, wildcards, line breaks, invisible characters and an emoji. */
    static final List<String> METACHARACTERS = List.of("'", "''", "\"", "\\", "\\'", ";", "--", "/*", "*/", "%",
            "_", "!", "$1", "$$", "?", ":name", "E'\\x41'", "'; drop table users; --", "\r\n", "\t", " ",
            "\u00a0", "\u200b", "\ufeff", "\uffff", "\ud83d\ude00");

    /** Code points at the edges of the planes and around the surrogates, which the random draws rarely hit. */
    static final List<String> EDGE_CODE_POINTS = Stream.of(0x1, 0x7F, 0x80, 0xD7FF, 0xE000, 0xFFFD, 0x10000,
            0x1F600, 0x3FFFF, 0xE0000, 0xE0001, 0xFFFFF, 0x10FFFF).map(Character::toString).toList();

    private static final int SHOWN_CODE_POINTS = 8;

    private final RandomGenerator random;

    private Generators(RandomGenerator random) {
        this.random = random;
    }

    /** The generators for one property; {@code property} only separates its random from the other properties'. */
    static Generators forProperty(String property) {
        return new Generators(new SplittableRandom(SEED ^ property.hashCode()));
    }

    /**
     * {@code count} cases for a {@code @MethodSource}: the fixed ones, then drawn ones. Each is named by
     * {@code describe}, which shows the input's shape: JUnit puts the name in reports and the failure message.
     */
    static <T> Stream<Arguments> cases(int count, List<T> fixed, Supplier<T> draw, Function<T, String> describe) {
        if (fixed.size() > count) {
            throw new IllegalArgumentException(fixed.size() + " fixed cases do not fit in " + count);
        }
        return Stream.concat(fixed.stream(), Stream.generate(draw).limit(count - fixed.size()))
                .map(value -> Arguments.argumentSet(describe.apply(value), value));
    }

    // ---- numbers

    int between(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    long anyLong() {
        return random.nextLong();
    }

    boolean anyBoolean() {
        return random.nextBoolean();
    }

    /**
     * Half of the draws within {@code -near..near}, where the interesting boundaries of sizes and limits lie; the
     * other half anywhere in the int range.
     */
    int anyInt(int near) {
        return random.nextBoolean() ? between(-near, near) : random.nextInt();
    }

    <T> T oneOf(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    // ---- text

    /**
     * 1 to 30 pieces, each a character from any of {@link #PLANES} (3 in 7), a run of 1 to 4 ASCII characters (2 in
     * 7) or one of {@link #METACHARACTERS} (2 in 7). No NUL, and no lone surrogate: both are refused or replaced
     * before they reach the database, which other properties cover.
     */
    String text() {
        int pieces = between(1, 30);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(7);
            text.append(kind < 3 ? anyPlaneCharacter() : kind < 5 ? asciiRun() : oneOf(METACHARACTERS));
        }
        return text.toString();
    }

    /** {@link #text()} with a NUL inserted before one of its first 31 code points, or at its end. */
    String textWithNul() {
        int position = between(0, 30);
        String text = text();
        int at = text.offsetByCodePoints(0, Math.min(position, text.codePointCount(0, text.length())));
        return text.substring(0, at) + '\0' + text.substring(at);
    }

    /** At least {@code length} chars: whole repetitions of one {@link #text()}, so no surrogate pair is cut in two. */
    String longText(int length) {
        String unit = text();
        return unit.repeat(length / unit.length() + 1);
    }

    private String anyPlaneCharacter() {
        int plane = PLANES[random.nextInt(PLANES.length)];
        int codePoint;
        do {
            codePoint = (plane << 16) | random.nextInt(0x10000);
        } while (codePoint == 0 || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE));
        return Character.toString(codePoint);
    }

    private String asciiRun() {
        StringBuilder run = new StringBuilder();
        for (int length = between(1, 4); run.length() < length; ) {
            run.append((char) between(1, 127));
        }
        return run.toString();
    }

    /**
     * Length, code point count, where a NUL is and the first code points as U+ numbers: enough to tell cases apart
     * and to rebuild a short one, never the text itself (it may be a megabyte, or break the XML report).
     */
    static String describe(String text) {
        int codePoints = text.codePointCount(0, text.length());
        String first = text.codePoints().limit(SHOWN_CODE_POINTS)
                .mapToObj(codePoint -> String.format("U+%04X", codePoint))
                .collect(Collectors.joining(" "));
        int nul = text.indexOf('\0');
        return text.length() + " chars, " + codePoints + " code points"
                + (nul >= 0 ? ", NUL at char " + nul : "")
                + ": " + first + (codePoints > SHOWN_CODE_POINTS ? " ..." : "");
    }

    // ---- instants

    /**
     * Half anywhere an {@link Instant} can be, to the second; half within 2 ms of one of {@code edges}, to the
     * microsecond PostgreSQL stores.
     */
    Instant instant(List<Instant> edges) {
        if (random.nextBoolean()) {
            return Instant.ofEpochSecond(
                    random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond() + 1));
        }
        return oneOf(edges).plusNanos(random.nextLong(-2_000_000, 2_000_001)).truncatedTo(ChronoUnit.MICROS);
    }

    /** Each edge and a microsecond either side, and the first and last second an {@link Instant} holds. */
    static List<Instant> instantEdgeCases(List<Instant> edges) {
        Stream<Instant> aroundEdges = edges.stream()
                .flatMap(edge -> Stream.of(edge.minus(1, ChronoUnit.MICROS), edge, edge.plus(1, ChronoUnit.MICROS)));
        Stream<Instant> extremes = Stream.of(Instant.MIN, Instant.ofEpochSecond(Instant.MAX.getEpochSecond()));
        return Stream.concat(aroundEdges, extremes).toList();
    }

    /**
     * Puts the seed and the case into the message of a failing case: the report then says how to run the same
     * cases again.
     */
    static final class SeedInFailureMessage implements TestExecutionExceptionHandler {

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            if (failure instanceof TestAbortedException) {
                throw failure;
            }
            throw new AssertionError(context.getRequiredTestMethod().getName() + " " + context.getDisplayName()
                    + " failed (reproduce with -D" + SEED_PROPERTY + "=" + SEED + "): " + failure, failure);
        }
    }
}
