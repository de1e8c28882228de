package io.authstore.tools.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.url.HostAndPort;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void parsesLibpqUriWithCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://mas:s3cr%40t@db.example.org:6432/mas?sslmode=require");

        assertThat(url.hosts()).containsExactly(new HostAndPort("db.example.org", 6432));
        assertThat(url.user()).isEqualTo("mas");
        assertThat(url.password()).contains("s3cr@t");
        assertThat(url.database()).isEqualTo("mas");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:6432/mas?sslmode=require");
        assertThat(url.jdbcProperties()).containsEntry("user", "mas").containsEntry("password", "s3cr@t");
    }

    @Test
    void parsesJdbcUrlsAndKeepsCredentialsOutOfTheUrl() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h1:5433,h2/mas?user=u&password=p&ApplicationName=x");

        assertThat(url.hosts()).containsExactly(new HostAndPort("h1", 5433),
                new HostAndPort("h2", 5432));
        assertThat(url.user()).isEqualTo("u");
        assertThat(url.password()).contains("p");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5433,h2:5432/mas?ApplicationName=x");
    }

    @Test
    void parsesIpv6Hosts() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@[::1]:5444/db");
        assertThat(url.hosts()).containsExactly(new HostAndPort("::1", 5444));
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
                .as("the shared parser's refusals keep this type")
                .isInstanceOf(DatabaseUrlException.class)
                .hasMessageContaining("the port in the database URL is not a number from 1 to 65535")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2@h/db?frobnicate=1"))
                .hasMessageContaining("unsupported parameter 'frobnicate'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void secretDriverParametersStayOutOfTheJdbcUrl() {
        DatabaseUrl url = DatabaseUrl.parse(
                "jdbc:postgresql://h/db?user=u&password=hunter2&sslpassword=keypass&sslmode=verify-full");

        assertThat(url.password()).contains("hunter2");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=verify-full");
        assertThat(url.jdbcProperties()).containsEntry("sslpassword", "keypass").containsEntry("password", "hunter2");
        assertThat(url.toString()).doesNotContain("keypass").doesNotContain("hunter2").contains("sslpassword=***");
        assertThat(DatabaseUrl.redact("jdbc:postgresql://h/db?user=u&PASSWORD=hunter2&sslpassword=keypass"))
                .doesNotContain("hunter2").doesNotContain("keypass");
    }

    @Test
    void libpqParametersBecomePgjdbcOnes() {
        DatabaseUrl url = DatabaseUrl.parse(
                "postgresql://h/db?target_session_attrs=read-write&application_name=mas&connect_timeout=3");
        assertThat(url.parameters()).containsExactly(Map.entry("targetServerType", "primary"),
                Map.entry("ApplicationName", "mas"), Map.entry("connectTimeout", "3"));
        assertThat(url.jdbcUrl()).isEqualTo(
                "jdbc:postgresql://h:5432/db?targetServerType=primary&ApplicationName=mas&connectTimeout=3");
        assertThat(DatabaseUrl.parse("postgresql://h1,h2/db?target_session_attrs=prefer-standby").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5432/db?targetServerType=preferSecondary");
        assertThat(DatabaseUrl.parse("postgresql://h/db?target_session_attrs=standby").parameters())
                .containsEntry("targetServerType", "secondary");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/db?target_session_attrs=whatever"))
                .isInstanceOf(DatabaseUrlException.class)
                .hasMessageContaining("unsupported target_session_attrs 'whatever'");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/db?sslmode=on"))
                .hasMessageContaining("unsupported sslmode 'on'");
    }
}
