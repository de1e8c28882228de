package io.authstore.storage.jooq;

import static io.authstore.snapshot.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.snapshot.tables.records.UsersRecord;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** How a lookup is rendered once; running it is covered by the repositories' tests on the database. */
class PreparedLookupTest {

    @Test
    void theKeyGoesWhereverTheQueryUsesItAndConstantsStay() {
        PreparedLookup<UsersRecord, String> lookup = PreparedLookup.of(USERS, UsersRecord::new, String.class,
                name -> DSL.selectFrom(USERS)
                        .where(DSL.lower(USERS.USERNAME).eq(DSL.lower(name)))
                        .orderBy(DSL.field(USERS.USERNAME.eq(name)).desc())
                        .limit(1));

        assertThat(lookup.sql()).contains("lower($1)", "= $2)", "fetch next $3 rows only").doesNotContain("?");
    }

    @Test
    void refusesAQueryThatDoesNotSelectTheWholeRow() {
        assertThatThrownBy(() -> PreparedLookup.of(USERS, UsersRecord::new, UUID.class,
                id -> DSL.select(USERS.USER_ID).from(USERS).where(USERS.USER_ID.eq(id)).coerce(USERS)))
                .hasMessageContaining("must select every column of users");
    }

    @Test
    void refusesAKeyTypeItCannotMark() {
        assertThatThrownBy(() -> PreparedLookup.of(USERS, UsersRecord::new, Integer.class,
                id -> DSL.selectFrom(USERS)))
                .hasMessageContaining("a UUID or a String");
    }
}
