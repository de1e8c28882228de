package io.authstore.tools.soak;

import java.util.Locale;
import java.util.SplittableRandom;

/** The kinds of unit of work a client runs, and how often each is picked. */
enum Operation {
    ADD_USER(12),
    ADD_USER_NEXT_TO_A_DUPLICATE(4),
    ADD_BROWSER_SESSION(10),
    FINISH_BROWSER_SESSION(7),
    ADD_EMAIL(8),
    RECORD_BATCH_ACTIVITY(14),
    READ(30),
    CANCELLED_SESSION(5),
    CANCELLED_SUBSCRIPTION(4),
    CANCELLED_FINISH(3),
    CANCELLED_ACTIVITY(3),
    ISSUE_TOKEN(6),
    INTROSPECT(10),
    REFRESH(6),
    FINISH_OAUTH2_SESSION(2),
    CANCELLED_REFRESH(2),
    CANCELLED_TOKEN_ISSUE(2),
    COMPAT_LOGIN(4),
    COMPAT_REFRESH(4),
    COMPAT_REFRESH_RACE(2),
    PERSONAL_TOKEN(3),
    REVOKE_PERSONAL_SESSION(1),
    SCHEDULE_JOBS(4),
    CANCELLED_SCHEDULE(2);

    private static final int TOTAL_WEIGHT = java.util.Arrays.stream(values()).mapToInt(Operation::weight).sum();

    private final int weight;

    Operation(int weight) {
        this.weight = weight;
    }

    int weight() {
        return weight;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Operation pick(SplittableRandom random) {
        int ticket = random.nextInt(TOTAL_WEIGHT);
        for (Operation operation : values()) {
            ticket -= operation.weight;
            if (ticket < 0) {
                return operation;
            }
        }
        throw new AssertionError("weights changed while picking");
    }
}
