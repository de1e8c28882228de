package io.authstore.storage.users;

/**
 * Filter value for {@link UserFilter}, with MAS's meaning: {@link #ACTIVE} is neither locked nor deactivated,
 * {@link #LOCKED} is locked (deactivated or not) and {@link #DEACTIVATED} is deactivated (locked or not), so a user
 * both locked and deactivated is counted under both.
 */
public enum UserState { ACTIVE, LOCKED, DEACTIVATED }
