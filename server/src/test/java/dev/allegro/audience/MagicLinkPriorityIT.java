package dev.allegro.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.Job;
import dev.allegro.jobs.JobHandler;
import dev.allegro.jobs.JobMonitor;
import dev.allegro.jobs.Jobs;
import dev.allegro.jobs.Queues;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.jobs.internal.SupervisorFactory;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The three queues carry real work at once: a magic link asked for while 1,000 audience-sync jobs
 * wait is mailed before any of them starts (strict priority, seed: queue-management).
 */
@AllegroTest
@Import(MagicLinkPriorityIT.SyncStandIn.class)
class MagicLinkPriorityIT {

  private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  static final String SYNC_JOB = "test.audience-sync-stand-in";

  static {
    SMTP.start();
  }

  @DynamicPropertySource
  static void mailServer(DynamicPropertyRegistry registry) {
    registry.add("allegro.mail.host", () -> "127.0.0.1");
    registry.add("allegro.mail.port", () -> SMTP.getSmtp().getPort());
  }

  @AfterAll
  static void stopServer() {
    SMTP.stop();
  }

  /** A stand-in for a sync job: counts its runs and the mails that had arrived by the first. */
  record StandInJob() implements Job {}

  static final class StandInHandler implements JobHandler<StandInJob> {
    final AtomicInteger runs = new AtomicInteger();
    volatile int mailsBeforeTheFirst = -1;

    @Override
    public String type() {
      return SYNC_JOB;
    }

    @Override
    public Class<StandInJob> jobClass() {
      return StandInJob.class;
    }

    @Override
    public void handle(StandInJob job) {
      if (runs.getAndIncrement() == 0) {
        mailsBeforeTheFirst = SMTP.getReceivedMessages().length;
      }
    }

    @Override
    public Dispatch defaults() {
      return Dispatch.defaults().onQueue(Queues.AUDIENCE_SYNC);
    }
  }

  // Imported, not a @TestConfiguration: a command context's scan of dev.allegro (CommandContextIT)
  // would take that in too.
  static class SyncStandIn {
    @Bean
    StandInHandler standInHandler() {
      return new StandInHandler();
    }
  }

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Jobs jobs;
  @Autowired JobMonitor monitor;
  @Autowired SupervisorFactory supervisors;
  @Autowired StandInHandler syncJobs;

  @Test
  void aMagicLinkAskedForBehindAThousandSyncJobsIsMailedBeforeAnyOfThemStarts() {
    // given 1,000 jobs waiting on audience-sync and no worker yet
    data.tenant("busy");
    jobs.dispatch(
        SYNC_JOB,
        JsonNodeFactory.instance.objectNode(),
        1000,
        Dispatch.defaults().onQueue(Queues.AUDIENCE_SYNC));
    assertThat(monitor.size(Queues.AUDIENCE_SYNC).ready()).isEqualTo(1000);

    // when a member asks for a link, then a worker on all three queues starts
    var asked =
        http.post("/api/magic-link")
            .host(TestData.host("busy"))
            .json("{\"email\":\"first@busy.test\",\"return_url\":\"http://busy.test/\"}")
            .send();
    assertThat(asked.status()).isEqualTo(202);
    Supervisor worker =
        supervisors.create(
            new JobsProperties.Supervisor(
                JobsProperties.Balance.FALSE,
                List.of(Queues.HIGH, Queues.DEFAULT, Queues.AUDIENCE_SYNC),
                1,
                1,
                1,
                Duration.ofSeconds(3),
                1,
                Duration.ofSeconds(60)));
    worker.start();
    try {
      // then the mail was out before the first sync job started, and all of them ran after it
      await().atMost(Duration.ofSeconds(60)).until(() -> syncJobs.runs.get() == 1000);
      assertThat(syncJobs.mailsBeforeTheFirst).isEqualTo(1);
      assertThat(SMTP.getReceivedMessages()).hasSize(1);
    } finally {
      worker.drain(Duration.ofSeconds(5));
    }
  }
}
