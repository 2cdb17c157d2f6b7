package dev.allegro.mail.internal;

import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.JobHandler;
import dev.allegro.jobs.Queues;
import dev.allegro.mail.MailProperties;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.AllegroProperties.Environment;
import jakarta.mail.MessagingException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends a {@link SendMail} through the configured server. With no server configured ({@code
 * MAIL_HOST} unset) in {@code APP_ENV=local} the mail is written to the log instead, links and all,
 * so the zero-setup run needs no mail server; in other environments that is a failure, retried.
 */
@Component
class SendMailHandler implements JobHandler<SendMail> {

  private static final Logger log = LoggerFactory.getLogger(SendMailHandler.class);

  private final MailServer server;
  private final MailProperties properties;
  private final boolean local;

  SendMailHandler(MailServer server, MailProperties properties, AllegroProperties allegro) {
    this.server = server;
    this.properties = properties;
    this.local = allegro.env() == Environment.LOCAL;
  }

  @Override
  public String type() {
    return "mail.send";
  }

  @Override
  public Class<SendMail> jobClass() {
    return SendMail.class;
  }

  @Override
  public Dispatch defaults() {
    return Dispatch.defaults()
        .onQueue(Queues.HIGH)
        .tries(5)
        .backoff(10, 60, 300)
        .timeout(Duration.ofSeconds(30));
  }

  @Override
  public void handle(SendMail mail) throws MessagingException {
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
