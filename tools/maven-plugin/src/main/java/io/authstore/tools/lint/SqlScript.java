package io.authstore.tools.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * A migration file cut into statements at the semicolons that end them (not those inside quotes, dollar quotes or
 * comments), each with the line of its first word and the comments written right above it.
 */
final class SqlScript {

    /**
     * One statement.
     *
     * @param sql the statement without the comments above it and without its semicolon
     * @param line the line (1-based) of its first word
     * @param comments the comment lines right above it (each without its {@code --}), nearest last
     */
    record Statement(String sql, int line, List<String> comments) {

        /** Statements PostgreSQL refuses inside a transaction block (Flyway runs their file without one). */
        boolean needsNoTransaction() {
            String upper = sql.toUpperCase(java.util.Locale.ROOT);
            return upper.matches("(?s).*\\bCONCURRENTLY\\b.*") || upper.startsWith("VACUUM");
        }

        /** The first line of the statement, shortened: what a message quotes. */
        String summary() {
            String first = sql.lines().findFirst().orElse("").strip();
            return first.length() > 100 ? first.substring(0, 97) + "..." : first;
        }
    }

    private SqlScript() {}

    static List<Statement> split(String text) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        List<String> comments = new ArrayList<>();
        int line = 1;
        int firstLine = -1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            char next = i + 1 < n ? text.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                String comment = text.substring(i + 2, end).strip();
                if (firstLine < 0) {
                    comments.add(comment);
                } else {
                    current.append(text, i, end);
                }
                i = end;
                continue;
            }
            if (c == '/' && next == '*') {
                int depth = 1;
                int j = i + 2;
                while (j < n && depth > 0) {
                    if (text.startsWith("/*", j)) {
                        depth++;
                        j += 2;
                    } else if (text.startsWith("*/", j)) {
                        depth--;
                        j += 2;
                    } else {
                        j++;
                    }
                }
                String block = text.substring(i, Math.min(j, n));
                line += count(block, '\n');
                if (firstLine >= 0) {
                    current.append(block);
                }
                i = j;
                continue;
            }
            if (c == '\n') {
                line++;
                if (firstLine < 0 && !comments.isEmpty() && i > 0 && blankLineAhead(text, i)) {
                    // a blank line separates a comment from the statement below: it is not about that statement
                    comments.clear();
                }
                if (firstLine >= 0) {
                    current.append(c);
                }
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (firstLine >= 0) {
                    current.append(c);
                }
                i++;
                continue;
            }
            if (firstLine < 0) {
                firstLine = line;
            }
            if (c == ';') {
                statements.add(new Statement(current.toString().strip(), firstLine, List.copyOf(comments)));
                current.setLength(0);
                comments.clear();
                firstLine = -1;
                i++;
                continue;
            }
            int end;
            if (c == '\'' ) {
                boolean escapes = i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e');
                end = quoted(text, i, '\'', escapes);
            } else if (c == '"') {
                end = quoted(text, i, '"', false);
            } else if (c == '$' && dollarTag(text, i) != null) {
                String tag = dollarTag(text, i);
                int close = text.indexOf(tag, i + tag.length());
                end = close < 0 ? n : close + tag.length();
            } else {
                end = i + 1;
            }
            String piece = text.substring(i, end);
            line += count(piece, '\n');
            current.append(piece);
            i = end;
        }
        if (firstLine >= 0 && !current.toString().isBlank()) {
            statements.add(new Statement(current.toString().strip(), firstLine, List.copyOf(comments)));
        }
        return statements;
    }

    /** Whether the line after the newline at {@code newline} is blank. */
    private static boolean blankLineAhead(String text, int newline) {
        int j = newline + 1;
        while (j < text.length() && text.charAt(j) != '\n') {
            if (!Character.isWhitespace(text.charAt(j))) {
                return false;
            }
            j++;
        }
        return true;
    }

    private static int quoted(String text, int start, char quote, boolean backslashEscapes) {
        int j = start + 1;
        while (j < text.length()) {
            char c = text.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < text.length() && text.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return text.length();
    }

    private static String dollarTag(String text, int start) {
        int j = start + 1;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
            j++;
        }
        if (j < text.length() && text.charAt(j) == '$') {
            String tag = text.substring(start, j + 1);
            // $1 is a parameter, not a tag
            return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
        }
        return null;
    }

    private static int count(String text, char c) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }
}
