/**
 * The OAuth 2.0 / OpenID Connect authorization server's data: registered clients, sessions, authorization-code and
 * device-code grants, access and refresh tokens.
 */
package io.authstore.storage.oauth2;
