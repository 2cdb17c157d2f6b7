package dev.allegro.auth;

/**
 * Who is calling: the authenticated token and its user. A controller method takes it as a parameter
 * on authenticated routes.
 */
public record Access(long tokenId, String tokenName, User user, Abilities abilities) {}
