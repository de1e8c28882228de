package io.authstore.storage.users;

/**
 * Filter value for {@link UserFilter}. Each user is in exactly one: {@link #ACTIVE} (neither locked nor
 * deactivated), {@link #LOCKED} (locked, not deactivated) or {@link #DEACTIVATED} (whether or not also locked).
 */
public enum UserState { ACTIVE, LOCKED, DEACTIVATED }
