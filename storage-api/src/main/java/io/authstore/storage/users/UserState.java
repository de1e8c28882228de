package io.authstore.storage.users;

/** Filter value for {@link UserFilter}: active (neither locked nor deactivated), locked, or deactivated. */
public enum UserState { ACTIVE, LOCKED, DEACTIVATED }
