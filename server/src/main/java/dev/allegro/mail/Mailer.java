package dev.allegro.mail;

import dev.allegro.jobs.Jobs;
import dev.allegro.mail.internal.SendMail;
import org.springframework.stereotype.Service;

/**
 * Outgoing mail, sent by a job on the {@code high} queue (seed: queue-management, "magic link
 * emails"), so a request never waits for the mail server and a server that is briefly away only
 * delays the mail: the job tries again ({@code mail.send}: 5 tries, backing off 10 s, 1 min, 5
 * min).
 */
@Service
public class Mailer {

  private final Jobs jobs;

  Mailer(Jobs jobs) {
    this.jobs = jobs;
  }

  /** Queues {@code mail} for sending. */
  public void send(Mail mail) {
    jobs.dispatch(new SendMail(mail.to(), mail.subject(), mail.text(), mail.html()));
  }
}
