package dev.allegro.auth;

/**
 * An app calling with one of its tokens (the token's owner is the app, not a user). A controller
 * method of the app API ({@code /api/v1/queues...}) takes it as a parameter.
 *
 * @param app the app's id
 */
public record AppAccess(long tokenId, String tokenName, long app, Abilities abilities) {}
