package dev.allegro.mail.internal;

import dev.allegro.mail.MailProperties;
import java.util.Locale;
import java.util.Optional;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/** The SMTP server of {@link MailProperties}, or none when {@code MAIL_HOST} is blank. */
@Component
class MailServer {

  private final Optional<JavaMailSenderImpl> sender;

  MailServer(MailProperties properties) {
    this.sender = properties.configured() ? Optional.of(sender(properties)) : Optional.empty();
  }

  Optional<JavaMailSenderImpl> sender() {
    return sender;
  }

  private static JavaMailSenderImpl sender(MailProperties properties) {
    var sender = new JavaMailSenderImpl();
    sender.setHost(properties.host());
    sender.setPort(properties.port());
    sender.setDefaultEncoding("UTF-8");
    if (!properties.username().isBlank()) {
      sender.setUsername(properties.username());
      sender.setPassword(properties.password());
      sender.getJavaMailProperties().put("mail.smtp.auth", "true");
    }
    switch (properties.encryption().trim().toLowerCase(Locale.ROOT)) {
      case "tls" -> sender.getJavaMailProperties().put("mail.smtp.starttls.enable", "true");
      case "ssl" -> sender.getJavaMailProperties().put("mail.smtp.ssl.enable", "true");
      case "none", "" -> {}
      default ->
          throw new IllegalArgumentException(
              "MAIL_ENCRYPTION: '" + properties.encryption() + "' is not tls, ssl or none");
    }
    sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "10000");
    sender.getJavaMailProperties().put("mail.smtp.timeout", "10000");
    return sender;
  }
}
