package io.authstore.storage.jooq;

import io.authstore.url.HostAndPort;
import io.authstore.url.TargetSessionAttrs;
import io.r2dbc.postgresql.MultiHostConnectionStrategy.TargetServerType;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.client.SSLMode;

/**
 * The r2dbc-postgresql connection settings for one of {@link StorageSettings}' uses (the pool, the read-only pool, the
 * queue's listener): every such connection reaches the same servers with the same credentials and bounds, and only
 * which of the servers it may settle on differs.
 */
public final class ServerSelection {

    private ServerSelection() {}

    public static PostgresqlConnectionConfiguration.Builder connection(StorageSettings settings, String applicationName,
            TargetSessionAttrs target) {
        PostgresqlConnectionConfiguration.Builder connection = PostgresqlConnectionConfiguration.builder()
                .database(settings.database())
                .username(settings.username())
                .applicationName(applicationName)
                .sslMode(SSLMode.fromValue(settings.sslMode()))
                .connectTimeout(settings.connectTimeout())
                .statementTimeout(settings.statementTimeout())
                .codecRegistrar(TimestampCodec.registrar());
        TcpKeepAlive keepAlive = new TcpKeepAlive(settings.keepAliveIdle());
        connection.loopResources(keepAlive).tcpKeepAlive(true).options(keepAlive.serverOptions());
        if (settings.hosts().size() == 1
                && (target == TargetSessionAttrs.ANY || target == TargetSessionAttrs.PREFER_STANDBY)) {
            // the driver's single-host path, with no server-state query on connect: one server is all these can take
            connection.host(settings.host()).port(settings.port());
        } else {
            for (HostAndPort host : settings.hosts()) {
                connection.addHost(host.host(), host.port());
            }
            connection.targetServerType(serverType(target)).hostRecheckTime(settings.hostRecheckTime());
        }
        if (settings.password() != null) {
            connection.password(settings.password());
        }
        return connection;
    }

    /**
     * r2dbc-postgresql's nearest server type. It tells a primary by {@code SHOW transaction_read_only} being off,
     * which is libpq's test for read-write; libpq's primary (not in recovery) differs only on a primary whose
     * sessions default to read-only, and its read-only only on such a primary, which the driver counts as a standby.
     */
    static TargetServerType serverType(TargetSessionAttrs target) {
        return switch (target) {
            case ANY -> TargetServerType.ANY;
            case READ_WRITE, PRIMARY -> TargetServerType.PRIMARY;
            case READ_ONLY, STANDBY -> TargetServerType.SECONDARY;
            case PREFER_STANDBY -> TargetServerType.PREFER_SECONDARY;
        };
    }
}
