package dev.allegro.mail;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outgoing mail's server and sender.
 *
 * @param host {@code MAIL_HOST}; blank for none (in {@code APP_ENV=local} mail is then logged)
 * @param port {@code MAIL_PORT}
 * @param username {@code MAIL_USERNAME}, blank for none
 * @param password {@code MAIL_PASSWORD}
 * @param from {@code MAIL_FROM}: the From address
 * @param encryption {@code MAIL_ENCRYPTION}: {@code tls} (STARTTLS), {@code ssl} (SMTPS) or {@code
 *     none}
 */
@ConfigurationProperties("allegro.mail")
public record MailProperties(
    @DefaultValue("") String host,
    @DefaultValue("25") int port,
    @DefaultValue("") String username,
    @DefaultValue("") String password,
    @DefaultValue("Allegro <no-reply@allegro.localhost>") String from,
    @DefaultValue("none") String encryption) {

  public boolean configured() {
    return !host.isBlank();
  }
}
