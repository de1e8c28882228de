/**
 * Logging in through upstream identity providers (the service as an OAuth 2.0 / OpenID Connect client): the
 * providers, the links between a provider's subject and a local user, and the authorization sessions of each login.
 */
package io.authstore.storage.upstream;
