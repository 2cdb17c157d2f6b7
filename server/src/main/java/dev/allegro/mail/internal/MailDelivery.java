package dev.allegro.mail.internal;

import dev.allegro.mail.Mail;
import dev.allegro.mail.MailProperties;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.AllegroProperties.Environment;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Hands one mail to the configured server. With no server configured ({@code MAIL_HOST} unset) in
 * {@code APP_ENV=local} the mail is written to the log instead, links and all, so the zero-setup
 * run needs no mail server; in other environments that is a failure.
 */
@Component
public class MailDelivery {

  private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);

  private final MailServer server;
  private final MailProperties properties;
  private final boolean local;

  MailDelivery(MailServer server, MailProperties properties, AllegroProperties allegro) {
    this.server = server;
    this.properties = properties;
    this.local = allegro.env() == Environment.LOCAL;
  }

  public void deliver(Mail mail) throws MessagingException {
    var sender = server.sender();
    if (sender.isEmpty()) {
      if (!local) {
        throw new IllegalStateException("No mail server: set MAIL_HOST (and MAIL_PORT, ...)");
      }
      log.info(
          "No mail server (MAIL_HOST) in APP_ENV=local: the mail to {} is logged instead.\n"
              + "Subject: {}\n\n{}",
          mail.to(),
          mail.subject(),
          mail.text());
      return;
    }
    var message = sender.get().createMimeMessage();
    var helper = new MimeMessageHelper(message, true, "UTF-8");
    helper.setFrom(properties.from());
    helper.setTo(mail.to().toArray(String[]::new));
    helper.setSubject(mail.subject());
    helper.setText(mail.text(), mail.html());
    sender.get().send(message);
  }
}
