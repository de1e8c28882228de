package io.authstore.tools.bench;

/** What the contenders run, each as an auth server would: one repository operation per unit of work. */
enum Workload {
    LOOKUP("user_lookup", "UserRepository.lookup(id)"),
    FIND_BY_USERNAME("find_by_username", "UserRepository.findByUsername, another case"),
    ADD_BROWSER_SESSION("add_session", "BrowserSessionRepository.add + save"),
    LIST_BROWSER_SESSIONS("list_sessions", "one page of 50 active sessions after a cursor"),
    RECORD_BATCH_ACTIVITY("batch_activity", "recordBatchActivity of 1000 sessions + save"),
    INTROSPECT("introspect", "token introspection: access token by value, its OAuth 2.0 session, its user");

    private final String id;
    private final String description;

    Workload(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** In the last line of the report, and measured over BENCH_ROUNDS rounds like it. */
    boolean isHeadline() {
        return this == LOOKUP || this == INTROSPECT;
    }

    /** The name in the report, the JSON file and the pgbench script's file name. */
    String id() {
        return id;
    }

    String description() {
        return description;
    }
}
