/** The data the authorization policy is evaluated with, as an administrator last set it. */
package io.authstore.storage.policy;
