package dev.allegro.mail.internal;

import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.JobHandler;
import dev.allegro.jobs.Queues;
import dev.allegro.mail.Mail;
import jakarta.mail.MessagingException;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Sends a {@link SendMail} through {@link MailDelivery}; a failure is retried with backoff. */
@Component
class SendMailHandler implements JobHandler<SendMail> {

  private final MailDelivery delivery;

  SendMailHandler(MailDelivery delivery) {
    this.delivery = delivery;
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
    delivery.deliver(new Mail(mail.to(), mail.subject(), mail.text(), mail.html()));
  }
}
