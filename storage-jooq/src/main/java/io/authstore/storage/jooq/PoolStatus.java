package io.authstore.storage.jooq;

/**
 * The pool at one moment.
 *
 * @param acquired connections handed out (held by open sessions)
 * @param idle connections open and waiting in the pool
 * @param pending callers waiting for a connection
 * @param maxSize the most connections the pool opens
 */
public record PoolStatus(int acquired, int idle, int pending, int maxSize) {}
