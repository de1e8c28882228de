package io.authstore.storage.oauth2;

/**
 * OAuth 2.0 grant types a client may declare. Clients store the first four; the others are accepted in filters and
 * match no client.
 */
public enum GrantType {
    AUTHORIZATION_CODE,
    REFRESH_TOKEN,
    CLIENT_CREDENTIALS,
    DEVICE_CODE,
    IMPLICIT,
    PASSWORD,
    JWT_BEARER
}
