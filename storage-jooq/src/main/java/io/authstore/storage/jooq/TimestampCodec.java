package io.authstore.storage.jooq;

import io.netty.buffer.ByteBuf;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.CodecMetadata;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import io.r2dbc.postgresql.message.Format;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * Reads {@code timestamptz} columns, as text, into {@link OffsetDateTime} ahead of r2dbc-postgresql's own codec.
 * The driver parses every timestamp with a {@code java.time} formatter of optional sections, which copies its parse
 * state into new hash maps at each one: on a page of rows the costliest part of reading them. This one reads the
 * ISO text PostgreSQL sends ({@link TimestampText}) and leaves anything else (infinity) to the driver's codec. Values
 * are still sent by the driver's codec.
 */
final class TimestampCodec implements Codec<OffsetDateTime>, CodecMetadata {

    private static final int TIMESTAMPTZ = PostgresqlObjectId.TIMESTAMPTZ.getObjectId();

    /** The driver's codec for what this one does not read. */
    private final Codec<?> driverCodec;

    private TimestampCodec(Codec<?> driverCodec) {
        this.driverCodec = driverCodec;
    }

    /** Registers the codec on each connection, ahead of the driver's, which it falls back on. */
    static CodecRegistrar registrar() {
        return registrar(UnaryOperator.identity());
    }

    /** {@link #registrar()}, its fallback (the driver's codec) wrapped by {@code fallback}: for tests. */
    static CodecRegistrar registrar(UnaryOperator<Codec<?>> fallback) {
        return (connection, allocator, registry) -> Mono.fromRunnable(() -> {
            for (Codec<?> codec : registry) {
                if (codec.canDecode(TIMESTAMPTZ, Format.FORMAT_TEXT, OffsetDateTime.class)) {
                    registry.addFirst(new TimestampCodec(fallback.apply(codec)));
                    return;
                }
            }
            throw new IllegalStateException("r2dbc-postgresql has no codec for timestamptz to fall back on");
        });
    }

    // As CodecMetadata, the driver's lookup caches this codec for its type, ahead of the driver's own: a codec
    // without it would only be found when the cache misses, which it does not for timestamptz.
    @Override
    public Class<?> type() {
        return OffsetDateTime.class;
    }

    @Override
    public Iterable<PostgresqlObjectId> getDataTypes() {
        return List.of(PostgresqlObjectId.TIMESTAMPTZ);
    }

    @Override
    public Iterable<Format> getFormats() {
        return List.of(Format.FORMAT_TEXT);
    }

    @Override
    public boolean canDecode(int dataType, Format format, Class<?> type) {
        return dataType == TIMESTAMPTZ && format == Format.FORMAT_TEXT && type == OffsetDateTime.class;
    }

    @Override
    public OffsetDateTime decode(ByteBuf buffer, int dataType, Format format, Class<? extends OffsetDateTime> type) {
        if (buffer == null) {
            return null;
        }
        String text = buffer.toString(buffer.readerIndex(), buffer.readableBytes(), StandardCharsets.US_ASCII);
        OffsetDateTime plain = TimestampText.parse(text);
        return plain != null
                ? plain
                : (OffsetDateTime) driverCodec.decode(buffer, dataType, format, (Class) type);
    }

    // Values are sent by the driver's codec: as CodecMetadata this one is also looked up to send OffsetDateTimes.
    @Override
    public boolean canEncode(Object value) {
        return driverCodec.canEncode(value);
    }

    @Override
    public boolean canEncodeNull(Class<?> type) {
        return driverCodec.canEncodeNull(type);
    }

    @Override
    public EncodedParameter encode(Object value) {
        return driverCodec.encode(value);
    }

    @Override
    public EncodedParameter encode(Object value, int dataType) {
        return driverCodec.encode(value, dataType);
    }

    @Override
    public EncodedParameter encodeNull() {
        return driverCodec.encodeNull();
    }
}
