package dev.allegro.auth;

/** A token just created; {@code plainText} ({@code <id>|<secret>}) is shown once, never stored. */
public record NewAccessToken(long id, String plainText) {}
