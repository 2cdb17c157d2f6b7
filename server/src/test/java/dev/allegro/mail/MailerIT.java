package dev.allegro.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.allegro.jobs.Queues;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.jobs.internal.SupervisorFactory;
import dev.allegro.test.AllegroTest;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Mail goes out through a job on the high queue, to a real SMTP server (GreenMail). */
@AllegroTest
class MailerIT {

  private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

  static {
    SMTP.start();
  }

  @DynamicPropertySource
  static void mailServer(DynamicPropertyRegistry registry) {
    registry.add("allegro.mail.host", () -> "127.0.0.1");
    registry.add("allegro.mail.port", () -> SMTP.getSmtp().getPort());
    registry.add("allegro.mail.from", () -> "Allegro <robot@allegro.test>");
  }

  @AfterAll
  static void stopServer() {
    SMTP.stop();
  }

  @Autowired Mailer mailer;
  @Autowired SupervisorFactory supervisors;

  private Supervisor worker;

  @BeforeEach
  void startAWorkerOnTheHighQueue() {
    worker =
        supervisors.create(
            new JobsProperties.Supervisor(
                JobsProperties.Balance.FALSE,
                List.of(Queues.HIGH),
                1,
                1,
                1,
                Duration.ofSeconds(3),
                1,
                Duration.ofSeconds(60)));
    worker.start();
  }

  @AfterEach
  void stopWorker() {
    worker.drain(Duration.ofSeconds(5));
  }

  @Test
  void aMailIsSentWithAPlainTextAndAnHtmlPart() throws Exception {
    mailer.send(
        Mail.to(
            "ops@alley.test",
            "Your sign-in link",
            "Follow https://allegro.test/x to sign in.",
            "<p>Follow <a href=\"https://allegro.test/x\">this link</a> to sign in.</p>"));

    await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.getReceivedMessages().length == 1);
    var message = SMTP.getReceivedMessages()[0];
    assertThat(message.getSubject()).isEqualTo("Your sign-in link");
    assertThat(message.getFrom()[0].toString()).isEqualTo("Allegro <robot@allegro.test>");
    assertThat(message.getAllRecipients()[0].toString()).isEqualTo("ops@alley.test");
    String body = GreenMailUtil.getBody(message);
    assertThat(body).contains("Follow https://allegro.test/x to sign in.");
    assertThat(body).contains("<a href=\"https://allegro.test/x\">this link</a>");
    assertThat(message.getContent()).isInstanceOf(MimeMultipart.class);
  }
}
