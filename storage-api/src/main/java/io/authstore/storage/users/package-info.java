/**
 * Users and everything that belongs to one: e-mail addresses (and proving control of them), passwords, browser
 * sessions and how they were authenticated, registrations and registration tokens, account recovery, accepted terms.
 */
package io.authstore.storage.users;
