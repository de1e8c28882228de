package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.url.TargetSessionAttrs;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.spi.Connection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** authstore's timestamp codec reads what r2dbc-postgresql's own reads, and years before 1 correctly. */
@ExtendWith(StorageExtension.class)
class TimestampCodecTest {

    private static final List<String> ZONES = List.of("UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham",
            "Europe/Amsterdam");
    private static final List<String> VALUES = List.of("2026-12-02 03:04:05.123456+00", "2026-12-02 03:04:05+00",
            "2026-06-30 23:59:59.5+00", "1970-01-01 00:00:00+00", "1000-01-01 00:00:00+00",
            "0001-01-01 00:00:00+00", "9999-12-31 23:59:59.999999+00", "10000-01-01 00:00:00+00", "infinity",
            "-infinity");

    @Test
    void readsEveryTimestampAsTheDriverDoes(TestStorage storage) {
        PostgresqlConnectionConfiguration.Builder withCodec = ServerSelection.connection(storage.settings(), "codec",
                TargetSessionAttrs.ANY);
        for (String zone : ZONES) {
            List<OffsetDateTime> ours = read(withCodec, zone, VALUES);
            List<OffsetDateTime> drivers = read(driverOnly(storage), zone, VALUES);
            assertThat(ours).as(zone).isEqualTo(drivers);
        }
    }

    @Test
    void readsYearsBeforeOneFromTheirText(TestStorage storage) {
        PostgresqlConnectionConfiguration.Builder withCodec = ServerSelection.connection(storage.settings(), "codec",
                TargetSessionAttrs.ANY);
        assertThat(read(withCodec, "UTC", List.of("4714-11-24 00:00:00+00 BC", "0001-12-31 23:59:59.000001+00 BC")))
                .containsExactly(OffsetDateTime.parse("-4713-11-24T00:00:00Z"),
                        OffsetDateTime.parse("0000-12-31T23:59:59.000001Z"));
    }

    @Test
    void decodesAheadOfTheDriverAndFallsBackOnItForInfinity(TestStorage storage) {
        AtomicInteger fallbacks = new AtomicInteger();
        PostgresqlConnectionConfiguration.Builder counting = driverOnly(storage).codecRegistrar(
                TimestampCodec.registrar(driver -> countingDecodes(driver, fallbacks)));
        assertThat(read(counting, "Asia/Kolkata", List.of("2026-12-02 03:04:05.123456+00", "1000-01-01 00:00:00+00")))
                .containsExactly(OffsetDateTime.parse("2026-12-02T08:34:05.123456+05:30"),
                        OffsetDateTime.parse("1000-01-01T05:53:28+05:53:28"));
        assertThat(fallbacks).hasValue(0);
        assertThat(read(counting, "UTC", List.of("infinity"))).hasSize(1);
        assertThat(fallbacks).hasValue(1);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Codec<?> countingDecodes(Codec<?> driver, AtomicInteger decodes) {
        Codec<Object> codec = (Codec<Object>) driver;
        return (Codec<Object>) Proxy.newProxyInstance(TimestampCodecTest.class.getClassLoader(),
                new Class<?>[] {Codec.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("decode")) {
                        decodes.incrementAndGet();
                    }
                    try {
                        return method.invoke(codec, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static PostgresqlConnectionConfiguration.Builder driverOnly(TestStorage storage) {
        StorageSettings settings = storage.settings();
        PostgresqlConnectionConfiguration.Builder builder = PostgresqlConnectionConfiguration.builder()
                .host(settings.host())
                .port(settings.port())
                .database(settings.database())
                .username(settings.username())
                .sslMode(SSLMode.DISABLE);
        return settings.password() == null ? builder : builder.password(settings.password());
    }

    /** Each value read back as a timestamptz in a session of time zone {@code zone}, which PostgreSQL writes it in. */
    private static List<OffsetDateTime> read(PostgresqlConnectionConfiguration.Builder configuration, String zone,
            List<String> values) {
        Function<Connection, Mono<List<OffsetDateTime>>> query = connection -> Flux.from(connection
                        .createStatement("SET TIME ZONE '" + zone + "'").execute())
                .flatMap(result -> result.getRowsUpdated())
                .thenMany(Flux.fromIterable(values).concatMap(value -> Flux.from(connection
                                .createStatement("SELECT cast(cast($1 AS text) AS timestamptz)")
                                .bind(0, value)
                                .execute())
                        .flatMap(result -> result.map(row -> row.get(0, OffsetDateTime.class)))))
                .collectList();
        return Mono.usingWhen(new PostgresqlConnectionFactory(configuration.build()).create(), query,
                        Connection::close)
                .block(TestStorage.TIMEOUT);
    }
}
