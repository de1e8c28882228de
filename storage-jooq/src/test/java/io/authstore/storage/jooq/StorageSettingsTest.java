package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.url.HostAndPort;
import io.authstore.url.TargetSessionAttrs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StorageSettingsTest {

    @Test
    void readsEveryPartOfADatabaseUrl() {
        StorageSettings settings = StorageSettings.fromUrl(
                "postgresql://mas%40prod:p%40ss%2Fw%3Ard@db.example.org:6432/mas?sslmode=require&application_name=mas-1");

        assertThat(settings.host()).isEqualTo("db.example.org");
        assertThat(settings.port()).isEqualTo(6432);
        assertThat(settings.database()).isEqualTo("mas");
        assertThat(settings.username()).isEqualTo("mas@prod");
        assertThat(settings.password()).isEqualTo("p@ss/w:rd");
        assertThat(settings.sslMode()).isEqualTo("require");
        assertThat(settings.applicationName()).isEqualTo("mas-1");
    }

    @Test
    void readsTheJdbcFormTheToolsAcceptToo() {
        StorageSettings settings = StorageSettings.fromUrl(
                "jdbc:postgresql://db.example.org/mas?user=mas&password=s%26cret&connect_timeout=3");

        assertThat(settings.host()).isEqualTo("db.example.org");
        assertThat(settings.username()).isEqualTo("mas");
        assertThat(settings.password()).isEqualTo("s&cret");
        assertThat(settings.database()).isEqualTo("mas");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void defaultsAreFiniteAndLibpqLike() {
        StorageSettings settings = StorageSettings.fromUrl("postgres://mas@[::1]");

        assertThat(settings.host()).isEqualTo("::1");
        assertThat(settings.port()).isEqualTo(5432);
        assertThat(settings.database()).as("libpq: the user name").isEqualTo("mas");
        assertThat(settings.password()).isNull();
        assertThat(settings.sslMode()).isEqualTo("prefer");
        assertThat(settings.maxSize()).isEqualTo(10);
        assertThat(settings.acquireTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.validationTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.maxIdleTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.maxLifeTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.preparedStatementCacheSize()).isEqualTo(256);
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.slowStatementThreshold()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void neverShowsThePassword() {
        StorageSettings settings = StorageSettings.fromUrl("postgresql://mas:hunter2@localhost/mas");

        assertThat(settings.toString()).doesNotContain("hunter2").contains("postgresql://mas:***@localhost:5432/mas");
        assertThat(settings.redactedUrl()).doesNotContain("hunter2");
        assertThatThrownBy(() -> StorageSettings.fromUrl("mysql://mas:hunter2@localhost/mas"))
                .hasMessageContaining("postgresql://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> StorageSettings.fromUrl("postgresql://mas:hun ter2@localhost/mas"))
                .hasMessageContaining("percent-encode")
                .hasMessageNotContaining("hun ter2");
        assertThatThrownBy(() -> StorageSettings.fromUrl("postgresql://mas:p@ss@@/mas"))
                .hasMessageNotContaining("p@ss").hasMessageNotContaining("ss@");
        assertThatThrownBy(() -> StorageSettings.fromUrl("jdbc:postgresql://h/db?password=hunter2&pool=1"))
                .hasMessageContaining("unsupported database URL parameter 'pool'");
        assertThatThrownBy(() -> StorageSettings.fromUrl("postgresql:// h/db?password=hunter2"))
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> StorageSettings.fromUrl("postgresql://mas:%zz@localhost/mas"))
                .hasMessageNotContaining("%zz");
    }

    @Test
    void refusesWhatWouldHangOrCannotWork() {
        StorageSettings.Builder valid = StorageSettings.builder().database("mas").username("mas");

        assertThatThrownBy(() -> valid.acquireTimeout(Duration.ZERO).build())
                .hasMessageContaining("acquireTimeout must be a positive duration")
                .hasMessageContaining("wait forever");
        assertThatThrownBy(() -> StorageSettings.builder().database("mas").username("mas").maxSize(0).build())
                .hasMessageContaining("maxSize must be at least 1");
        assertThatThrownBy(() -> StorageSettings.fromUrl("postgresql://mas@localhost/mas?sslmode=sometimes"))
                .hasMessageContaining("sslMode must be one of");
        assertThatThrownBy(() -> StorageSettings.fromUrl("postgresql://mas@localhost/mas?pool=5"))
                .hasMessageContaining("unsupported database URL parameter 'pool'");
    }

    @Test
    void readsSeveralHostsAndTargetSessionAttrs() {
        StorageSettings settings = StorageSettings.fromUrl(
                "postgresql://mas:hunter2@db1:5432,db2:5433/mas?target_session_attrs=read-write");

        assertThat(settings.hosts()).containsExactly(new HostAndPort("db1", 5432), new HostAndPort("db2", 5433));
        assertThat(settings.host()).isEqualTo("db1");
        assertThat(settings.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.READ_WRITE);
        assertThat(settings.readOnlyTargetSessionAttrs()).isEqualTo(TargetSessionAttrs.PREFER_STANDBY);
        assertThat(settings.hostRecheckTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.redactedUrl())
                .isEqualTo("postgresql://mas:***@db1:5432,db2:5433/mas?target_session_attrs=read-write");
        assertThat(StorageSettings.fromUrl("postgresql://mas@h/mas?host=a,b&port=6432").hosts())
                .containsExactly(new HostAndPort("a", 6432), new HostAndPort("b", 6432));
        assertThat(StorageSettings.builder().database("mas").username("mas").host("db").port(6432).build().hosts())
                .containsExactly(new HostAndPort("db", 6432));
        assertThatThrownBy(() -> StorageSettings.fromUrl("postgresql://mas@h/mas?target_session_attrs=writable"))
                .hasMessageContaining("unsupported target_session_attrs 'writable': use one of any, prefer-standby");
    }

    @Test
    void libpqValuesMapToTheDriversServerTypes() {
        assertThat(ServerSelection.serverType(TargetSessionAttrs.ANY)).hasToString("ANY");
        assertThat(ServerSelection.serverType(TargetSessionAttrs.READ_WRITE)).hasToString("PRIMARY");
        assertThat(ServerSelection.serverType(TargetSessionAttrs.PRIMARY)).hasToString("PRIMARY");
        assertThat(ServerSelection.serverType(TargetSessionAttrs.READ_ONLY)).hasToString("SECONDARY");
        assertThat(ServerSelection.serverType(TargetSessionAttrs.STANDBY)).hasToString("SECONDARY");
        assertThat(ServerSelection.serverType(TargetSessionAttrs.PREFER_STANDBY)).hasToString("PREFER_SECONDARY");
    }
}
