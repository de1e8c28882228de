/**
 * The storage API of authstore: domain values and repository interfaces, independent of how they are stored.
 *
 * <p>The users domain and the repository framework (unit of work, pagination, errors) arrive with the next
 * milestone; this module fixes the dependency direction now: it may depend on Reactor and nothing else.
 */
package io.authstore.storage;
