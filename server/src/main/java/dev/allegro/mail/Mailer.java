package dev.allegro.mail;

import dev.allegro.jobs.Jobs;
import dev.allegro.mail.internal.MailDelivery;
import dev.allegro.mail.internal.SendMail;
import jakarta.mail.MessagingException;
import org.springframework.stereotype.Service;

/**
 * Outgoing mail, sent by a job on the {@code high} queue (seed: queue-management, "magic link
 * emails"), so a request never waits for the mail server and a server that is briefly away only
 * delays the mail: the job tries again ({@code mail.send}: 5 tries, backing off 10 s, 1 min, 5
 * min). Mail about the queues themselves (an alert that {@code high} is backed up) cannot wait in
 * them, and is sent at once with {@link #sendNow}.
 */
@Service
public class Mailer {

  private final Jobs jobs;
  private final MailDelivery delivery;

  Mailer(Jobs jobs, MailDelivery delivery) {
    this.jobs = jobs;
    this.delivery = delivery;
  }

  /** Queues {@code mail} for sending. */
  public void send(Mail mail) {
    jobs.dispatch(new SendMail(mail.to(), mail.subject(), mail.text(), mail.html()));
  }

  /** Sends {@code mail} now, on the caller's thread, without retrying. */
  public void sendNow(Mail mail) throws MessagingException {
    delivery.deliver(mail);
  }
}
