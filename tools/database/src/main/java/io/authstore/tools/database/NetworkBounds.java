package io.authstore.tools.database;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How long the tools' JDBC connections may wait on the network, where the database URL does not say: pgjdbc waits
 * forever by default for a login or a statement that a silent network never answers. Connecting (TCP and login) is
 * bounded, keepalive is tuned ({@link KeepAliveSocketFactory}), and reads are bounded where every statement is short
 * ({@code status}, {@code validate}, emptying or inspecting a database); {@code migrate} has no read timeout, so
 * that a long migration statement is never cut short, and relies on keepalive to notice a peer that is gone.
 * Parameters given in the URL ({@code connect_timeout}, or a pgjdbc URL's {@code loginTimeout},
 * {@code socketTimeout}, {@code tcpKeepAlive}) take precedence: pgjdbc lets the URL override these properties.
 */
public final class NetworkBounds {

    /** Opening a connection: the TCP connect, and then the login, each. */
    public static final int CONNECT_SECONDS = 10;
    /** Waiting for the answer to a statement, where statements are short. */
    public static final int SHORT_STATEMENT_SECONDS = 60;

    private NetworkBounds() {}

    /** For sessions whose statements are all short: connecting and every read bounded. */
    public static Map<String, String> shortStatements(DatabaseUrl url) {
        Map<String, String> bounds = longStatements(url);
        bounds.put("socketTimeout", String.valueOf(SHORT_STATEMENT_SECONDS));
        return bounds;
    }

    /** For migrations: connecting bounded, reads not (keepalive finds a dead peer). */
    public static Map<String, String> longStatements(DatabaseUrl url) {
        Map<String, String> bounds = new LinkedHashMap<>();
        String connect = url.parameters().getOrDefault("connectTimeout", String.valueOf(CONNECT_SECONDS));
        bounds.put("connectTimeout", connect);
        // pgjdbc's connectTimeout covers the TCP connect only; a server that accepts and never answers the login
        // is bounded by loginTimeout, as libpq's connect_timeout bounds both
        bounds.put("loginTimeout", connect);
        bounds.put("tcpKeepAlive", "true");
        bounds.put("socketFactory", KeepAliveSocketFactory.class.getName());
        return bounds;
    }

    /** The URL's JDBC properties (credentials included) with the bounds for short statements. */
    public static Properties shortStatementProperties(DatabaseUrl url) {
        Properties properties = url.jdbcProperties();
        shortStatements(url).forEach(properties::putIfAbsent);
        return properties;
    }

    /**
     * The URL's pgjdbc URL with the bounds for short statements in it, for a program that takes only a URL (jOOQ's
     * generator), without the socket factory, which its classpath may not have.
     */
    public static String shortStatementUrl(DatabaseUrl url) {
        StringBuilder jdbcUrl = new StringBuilder(url.jdbcUrl());
        for (Map.Entry<String, String> bound : shortStatements(url).entrySet()) {
            if (!bound.getKey().equals("socketFactory") && !url.parameters().containsKey(bound.getKey())) {
                jdbcUrl.append(jdbcUrl.indexOf("?") < 0 ? '?' : '&')
                        .append(bound.getKey()).append('=').append(bound.getValue());
            }
        }
        return jdbcUrl.toString();
    }
}
