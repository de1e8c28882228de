package io.authstore.tools.lint;

/**
 * One thing {@code make lint} refuses: where (file and line), which rule, what PostgreSQL was seen doing, and what to
 * write instead.
 */
public record Finding(String file, int line, Rule rule, String what) {

    public String message() {
        return file + ":" + line + ": " + rule.id() + ": " + what + ". Instead: " + rule.alternative() + ".";
    }

    @Override
    public String toString() {
        return message();
    }
}
