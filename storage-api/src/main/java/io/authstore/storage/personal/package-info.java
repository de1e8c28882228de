/**
 * Personal sessions: long-lived, named grants of a fixed scope that act as a user, owned by a user or by an OAuth
 * 2.0 client, and the personal access tokens issued for them (only their SHA-256 is stored).
 */
package io.authstore.storage.personal;
