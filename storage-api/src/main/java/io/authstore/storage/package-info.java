/**
 * The storage API of authstore: what the service can do with its data, independent of how it is stored.
 *
 * <p>A {@link io.authstore.storage.RepositoryFactory} opens a {@link io.authstore.storage.RepositorySession}: one
 * connection, one transaction, every repository. Repositories return Reactor {@code Mono}/{@code Flux}; they never
 * read the system clock or a global random generator ({@link io.authstore.storage.Clock},
 * {@link io.authstore.storage.RandomSource}); lists are keyset-paginated on {@link io.authstore.storage.Ulid} keys
 * ({@link io.authstore.storage.Pagination}, {@link io.authstore.storage.Page}); failures a caller can act on are the
 * subclasses of {@link io.authstore.storage.StorageException}.
 *
 * <p>One package per aggregate: {@code users} holds users, their e-mails, passwords, registrations, recovery and
 * browser sessions. This module depends on Reactor and nothing else: no jOOQ, no R2DBC, no SQL.
 */
package io.authstore.storage;
