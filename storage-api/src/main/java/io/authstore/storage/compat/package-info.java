/**
 * Compatibility sessions: devices logged in through Matrix's legacy login API, their access and refresh tokens,
 * and the SSO logins that hand a browser session's user to such a device.
 */
package io.authstore.storage.compat;
