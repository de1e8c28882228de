package io.authstore.tools.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void parsesLibpqUriWithCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://mas:s3cr%40t@db.example.org:6432/mas?sslmode=require");

        assertThat(url.hosts()).containsExactly(new DatabaseUrl.HostAndPort("db.example.org", 6432));
        assertThat(url.user()).isEqualTo("mas");
        assertThat(url.password()).contains("s3cr@t");
        assertThat(url.database()).isEqualTo("mas");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:6432/mas?sslmode=require");
        assertThat(url.jdbcProperties()).containsEntry("user", "mas").containsEntry("password", "s3cr@t");
    }

    @Test
    void acceptsPostgresSchemeAndDefaults() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://alice@/");

        assertThat(url.hosts()).containsExactly(new DatabaseUrl.HostAndPort("localhost", 5432));
        assertThat(url.user()).isEqualTo("alice");
        assertThat(url.database()).as("libpq defaults the database to the user name").isEqualTo("alice");
        assertThat(url.password()).isEmpty();
    }

    @Test
    void parsesJdbcUrlsAndKeepsCredentialsOutOfTheUrl() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h1:5433,h2/mas?user=u&password=p&ApplicationName=x");

        assertThat(url.hosts()).containsExactly(new DatabaseUrl.HostAndPort("h1", 5433),
                new DatabaseUrl.HostAndPort("h2", 5432));
        assertThat(url.user()).isEqualTo("u");
        assertThat(url.password()).contains("p");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5433,h2:5432/mas?ApplicationName=x");
    }

    @Test
    void parsesShortJdbcForm() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql:mas");
        assertThat(url.hosts()).containsExactly(new DatabaseUrl.HostAndPort("localhost", 5432));
        assertThat(url.database()).isEqualTo("mas");
    }

    @Test
    void parsesIpv6Hosts() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@[::1]:5444/db");
        assertThat(url.hosts()).containsExactly(new DatabaseUrl.HostAndPort("::1", 5444));
        assertThat(url.jdbcUrl()).startsWith("jdbc:postgresql://[::1]:5444/db");
    }

    @Test
    void neverPrintsThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://mas:hunter2@localhost/mas");
        DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://localhost/mas?user=mas&password=hunter2&sslpassword=x");

        assertThat(url.toString()).isEqualTo("postgresql://mas:***@localhost:5432/mas").doesNotContain("hunter2");
        assertThat(url.redacted()).doesNotContain("hunter2");
        assertThat(url.jdbcUrl()).doesNotContain("hunter2");
        assertThat(jdbc.toString()).doesNotContain("hunter2").doesNotContain("sslpassword=x");
        assertThat(DatabaseUrl.redact("postgres://u:hunter2@h/db and jdbc:postgresql://h/db?password=hunter2"))
                .doesNotContain("hunter2");
    }

    @Test
    void missingVariableNamesItAndGivesAnExample() {
        assertThatThrownBy(() -> DatabaseUrl.fromEnvironment(Map.of()))
                .isInstanceOf(DatabaseUrlException.class)
                .hasMessage("DATABASE_URL is not set: set it to the database to use, for example"
                        + " DATABASE_URL=postgresql://authstore:secret@localhost:5432/authstore");
        assertThatThrownBy(() -> DatabaseUrl.fromEnvironment(Map.of("DATABASE_URL", "  ")))
                .hasMessageStartingWith("DATABASE_URL is not set");
    }

    @Test
    void rejectsWhatItCannotUseWithoutEchoingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:hunter2@h/db"))
                .isInstanceOf(DatabaseUrlException.class)
                .hasMessageContaining("expected postgresql://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2@h:99999/db"))
                .hasMessageContaining("invalid port '99999'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2@h/db?frobnicate=1"))
                .hasMessageContaining("unsupported parameter 'frobnicate'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///db?host=/var/run/postgresql"))
                .hasMessageContaining("Unix socket");
    }
}
