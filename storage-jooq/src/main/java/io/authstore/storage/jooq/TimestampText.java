package io.authstore.storage.jooq;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * PostgreSQL's text of a {@code timestamptz} in its ISO date style ({@code 2026-12-02 03:04:05.123456+00}, a year of
 * four to six digits, {@code BC} after years before 1), read without {@code java.time}'s formatter. r2dbc-postgresql reads every timestamp through a formatter with optional
 * sections, which copies its parse state into new hash maps for each one: on the rows of a page, the largest single
 * cost of reading them. Anything of another shape (infinity, another date style) is left to the driver.
 */
final class TimestampText {

    private TimestampText() {}

    /** The timestamp {@code text} holds, or null when it is not in the plain ISO shape. */
    static OffsetDateTime parse(String text) {
        boolean beforeChrist = text.endsWith(" BC");
        int length = beforeChrist ? text.length() - 3 : text.length();
        int yearDigits = text.indexOf('-', 1);
        if (yearDigits < 4 || yearDigits > 6) {
            return null;
        }
        // the rest has a fixed layout after the year: -MM-DD HH:MM:SS
        int at = yearDigits;
        if (length < at + 18 || text.charAt(at) != '-' || text.charAt(at + 3) != '-' || text.charAt(at + 6) != ' '
                || text.charAt(at + 9) != ':' || text.charAt(at + 12) != ':') {
            return null;
        }
        int year = digits(text, 0, yearDigits);
        int month = digits(text, at + 1, 2);
        int day = digits(text, at + 4, 2);
        int hour = digits(text, at + 7, 2);
        int minute = digits(text, at + 10, 2);
        int second = digits(text, at + 13, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int position = at + 15;
        int nanos = 0;
        if (text.charAt(position) == '.') {
            int first = ++position;
            while (position < length && position - first < 9 && isDigit(text.charAt(position))) {
                nanos = nanos * 10 + (text.charAt(position++) - '0');
            }
            if (position == first) {
                return null;
            }
            for (int scale = position - first; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        int offset = offsetSeconds(text, position, length);
        if (offset == Integer.MIN_VALUE) {
            return null;
        }
        try {
            // 1 BC is the proleptic year 0, 2 BC the year -1, …
            return OffsetDateTime.of(beforeChrist ? 1 - year : year, month, day, hour, minute, second, nanos,
                    ZoneOffset.ofTotalSeconds(offset));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS} from {@code position} to {@code length}, in seconds. */
    private static int offsetSeconds(String text, int position, int length) {
        if (position + 3 > length) {
            return Integer.MIN_VALUE;
        }
        char sign = text.charAt(position);
        if (sign != '+' && sign != '-') {
            return Integer.MIN_VALUE;
        }
        int seconds = 0;
        int unit = 3600;
        int next = position + 1;
        while (true) {
            int value = digits(text, next, 2);
            if (value < 0) {
                return Integer.MIN_VALUE;
            }
            seconds += value * unit;
            next += 2;
            if (next == length) {
                return sign == '-' ? -seconds : seconds;
            }
            if (unit == 1 || text.charAt(next) != ':') {
                return Integer.MIN_VALUE;
            }
            next++;
            unit /= 60;
        }
    }

    /** The number written by {@code count} digits at {@code from}, or -1 when one of them is not a digit. */
    private static int digits(String text, int from, int count) {
        if (from + count > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
