package io.authstore.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void readsEveryPartOfALibpqUri() {
        PostgresUrl url = PostgresUrl.parse(
                "postgresql://mas%40prod:p%40ss%2Fw%3Ard@db.example.org:6432/mas?sslmode=require&application_name=m+1");

        assertThat(url.form()).isEqualTo(PostgresUrl.Form.LIBPQ);
        assertThat(url.hosts()).containsExactly(new HostAndPort("db.example.org", 6432));
        assertThat(url.user()).isEqualTo("mas@prod");
        assertThat(url.password()).contains("p@ss/w:rd");
        assertThat(url.database()).isEqualTo("mas");
        assertThat(url.parameters()).containsExactly(Map.entry("sslmode", "require"),
                Map.entry("application_name", "m+1"));
        assertThat(url.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.ANY);
    }

    @Test
    void libpqDefaults() {
        PostgresUrl url = PostgresUrl.parse("postgres://alice@/");

        assertThat(url.hosts()).containsExactly(new HostAndPort("localhost", 5432));
        assertThat(url.user()).isEqualTo("alice");
        assertThat(url.database()).as("libpq defaults the database to the user name").isEqualTo("alice");
        assertThat(url.password()).isEmpty();
        assertThat(PostgresUrl.parse("postgresql://h").user()).as("the login user")
                .isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void readsThePgjdbcForms() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://h1:5433,h2/mas?user=u&password=s%26cret&ApplicationName=x");

        assertThat(url.form()).isEqualTo(PostgresUrl.Form.JDBC);
        assertThat(url.hosts()).containsExactly(new HostAndPort("h1", 5433), new HostAndPort("h2", 5432));
        assertThat(url.user()).isEqualTo("u");
        assertThat(url.password()).contains("s&cret");
        assertThat(url.parameters()).containsExactly(Map.entry("ApplicationName", "x"));

        PostgresUrl shortForm = PostgresUrl.parse("jdbc:postgresql:mas");
        assertThat(shortForm.hosts()).containsExactly(new HostAndPort("localhost", 5432));
        assertThat(shortForm.database()).isEqualTo("mas");
    }

    @Test
    void severalHostsAndIpv6() {
        PostgresUrl url = PostgresUrl.parse(
                "postgresql://u:p@db1:5432,[::1]:5444,db3/mas?target_session_attrs=read-write");

        assertThat(url.hosts()).containsExactly(new HostAndPort("db1", 5432), new HostAndPort("::1", 5444),
                new HostAndPort("db3", 5432));
        assertThat(url.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.READ_WRITE);
        assertThat(url.redacted())
                .isEqualTo("postgresql://u:***@db1:5432,[::1]:5444,db3:5432/mas?target_session_attrs=read-write");
    }

    @Test
    void hostAndPortParametersFollowLibpq() {
        assertThat(PostgresUrl.parse("postgresql:///db?port=5434&host=h").hosts())
                .containsExactly(new HostAndPort("h", 5434));
        assertThat(PostgresUrl.parse("postgresql://h:5433/db?port=5434").hosts())
                .containsExactly(new HostAndPort("h", 5434));
        assertThat(PostgresUrl.parse("postgresql://h1,h2/db?port=1,2").hosts())
                .containsExactly(new HostAndPort("h1", 1), new HostAndPort("h2", 2));
        assertThat(PostgresUrl.parse("postgresql:///db?host=::1").hosts())
                .containsExactly(new HostAndPort("::1", 5432));
        assertThat(PostgresUrl.parse("postgresql://h/x?dbname=mas").database()).isEqualTo("mas");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h1,h2,h3/db?port=1,2"))
                .hasMessageContaining("3 hosts but 2 ports");
    }

    @Test
    void everyTargetSessionAttrsOfLibpq() {
        for (TargetSessionAttrs attrs : TargetSessionAttrs.values()) {
            assertThat(PostgresUrl.parse("postgresql://h/db?target_session_attrs=" + attrs.libpqName())
                    .targetSessionAttrs()).isEqualTo(attrs);
        }
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/db?target_session_attrs=whatever"))
                .isInstanceOf(InvalidDatabaseUrlException.class)
                .hasMessage("unsupported target_session_attrs 'whatever': use one of any, prefer-standby, primary,"
                        + " read-only, read-write, standby");
    }

    @Test
    void refusesWhatItCannotUseWithoutEchoingThePassword() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:hunter2@h/db"))
                .isInstanceOf(InvalidDatabaseUrlException.class)
                .hasMessageContaining("expected postgresql://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:hunter2@h:99999/db"))
                .hasMessageContaining("the port in the database URL is not a number from 1 to 65535")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql:///db?host=/var/run/postgresql"))
                .hasMessageContaining("Unix socket");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://%2Fvar%2Frun%2Fpostgresql/db"))
                .hasMessageContaining("Unix socket");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:hunter2@h/db?hunter2"))
                .hasMessage("query parameter 1 of the database URL is not of the form name=value");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://mas:%zz@localhost/mas"))
                .hasMessageContaining("write a literal '%' as %25").hasMessageNotContaining("%zz");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://mas:hun ter2@localhost/mas"))
                .hasMessageContaining("percent-encode").hasMessageNotContaining("hun ter2");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql:// h/db?password=hunter2"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aPasswordWithUnencodedSpecialCharactersIsRefusedWithoutShowingIt() {
        for (String url : new String[] {
            "postgresql://mas:qq/zz@db/mas",
            "postgresql://mas:qq?zz@db/mas",
            "postgresql://mas:qq#zz@db/mas?sslmode=require",
            "postgresql://mas:1234/xyz@db/mas",
            "postgresql://mas:qq@zz@/mas"}) {
            assertThatThrownBy(() -> PostgresUrl.parse(url))
                    .as(url)
                    .isInstanceOf(InvalidDatabaseUrlException.class)
                    .hasMessageStartingWith("the database URL cannot be read: if the password contains any of / ? # @")
                    .hasMessageNotContaining("qq")
                    .hasMessageNotContaining("zz")
                    .hasMessageNotContaining("1234/xyz");
        }
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://mas:secret/db"))
                .as("a password whose '@' was forgotten looks like a port")
                .hasMessageNotContaining("secret");
    }

    @Test
    void anUnencodedAtInThePasswordStillParsesWhenAHostFollows() {
        PostgresUrl url = PostgresUrl.parse("postgresql://mas:p@ss@db/mas");
        assertThat(url.password()).contains("p@ss");
        assertThat(url.hosts()).containsExactly(new HostAndPort("db", 5432));
        assertThat(url.toString()).doesNotContain("p@ss");
    }

    @Test
    void redactsEveryPlaceAPasswordCanBe() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://h/db?user=u&password=hunter2&sslpassword=keypass");

        assertThat(url.toString()).isEqualTo("postgresql://u:***@h:5432/db?sslpassword=***");
        assertThat(PostgresUrl.redact("postgres://u:hunter2@h/db and jdbc:postgresql://h/db?password=hunter2"))
                .isEqualTo("postgres://***@h/db and jdbc:postgresql://h/db?password=***");
        assertThat(PostgresUrl.redact("jdbc:postgresql://h/db?user=u&PASSWORD=hunter2&sslpassword=keypass"))
                .doesNotContain("hunter2").doesNotContain("keypass");
        assertThat(PostgresUrl.redact("postgresql://mas:p@ss@db1,db2/mas")).isEqualTo("postgresql://***@db1,db2/mas");
    }
}
