/** The sessions of applications: OAuth 2.0 and compatibility sessions listed together. */
package io.authstore.storage.app;
