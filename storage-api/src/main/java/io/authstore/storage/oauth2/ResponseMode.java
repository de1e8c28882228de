package io.authstore.storage.oauth2;

/** How the authorization response reaches the client (stored as {@code query}, {@code fragment}, {@code form_post}). */
public enum ResponseMode {
    QUERY("query"),
    FRAGMENT("fragment"),
    FORM_POST("form_post");

    private final String value;

    ResponseMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static ResponseMode of(String value) {
        for (ResponseMode mode : values()) {
            if (mode.value.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown response mode: " + value);
    }
}
