package io.authstore.storage.jooq.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file every log event of this test JVM goes to, at TRACE for every logger (see logback-test.xml), read back as
 * text in which a secret can be looked for.
 */
public final class TraceLog {

    /** A row of netty's LoggingHandler hex dump: 16 bytes, then the same bytes as ASCII between bars. */
    private static final Pattern HEX_DUMP_ROW =
            Pattern.compile("^\\|[0-9a-f]{8}\\|[0-9a-f ]{49}\\|(.{1,16})\\|$", Pattern.MULTILINE);

    private TraceLog() {}

    public static Path file() {
        return Path.of(System.getProperty("authstore.traceLog", "target/test-logs/trace.log"));
    }

    /**
     * The whole log, then the ASCII columns of its hex dumps joined up: a value split over two dump rows is found
     * as well as one written on a line of its own.
     */
    public static String searchableText() {
        try {
            String text = Files.readString(file(), StandardCharsets.UTF_8);
            StringBuilder dumped = new StringBuilder();
            Matcher row = HEX_DUMP_ROW.matcher(text);
            while (row.find()) {
                dumped.append(row.group(1));
            }
            return text + "\n" + dumped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test log " + file(), e);
        }
    }
}
