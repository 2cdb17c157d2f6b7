package dev.allegro.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.allegro.auth.Users;
import dev.allegro.jobs.RetryNoSooner;
import dev.allegro.mail.Mailer;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.TestData;
import dev.allegro.webhooks.WebhookMetrics;
import dev.allegro.webhooks.WebhooksProperties;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The production retry schedule, run through the delivery handler on a clock the test moves: no
 * wait is slept, every one is read off what the handler asks the job engine for.
 */
@AllegroTest
@TestPropertySource(
    properties = {"allegro.roles=web,worker", "allegro.webhooks.allow-private=true"})
class RetryScheduleClockIT {

  private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final List<Duration> SCHEDULE =
      List.of(
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(10));

  static {
    SMTP.start();
  }

  @DynamicPropertySource
  static void mail(DynamicPropertyRegistry registry) {
    registry.add("allegro.mail.host", () -> "127.0.0.1");
    registry.add("allegro.mail.port", () -> SMTP.getSmtp().getPort());
  }

  @AfterAll
  static void stopMail() {
    SMTP.stop();
  }

  @Autowired DeliveryStore deliveries;
  @Autowired EndpointStore endpoints;
  @Autowired EndpointCache cache;
  @Autowired WebhookSender sender;
  @Autowired ObjectProvider<Mailer> mailer;
  @Autowired Users users;
  @Autowired WebhookMetrics metrics;
  @Autowired WebhooksProperties properties;
  @Autowired TestData data;

  /** A clock that stands still until the test moves it. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    void set(Instant at) {
      now = at;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** Answers 500 to everything; the 2nd request asks for an hour, the 4th for a minute. */
  private static HttpServer failingReceiver() throws Exception {
    var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    var requests = new AtomicInteger();
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          int n = requests.incrementAndGet();
          if (n == 2) {
            exchange.getResponseHeaders().add("Retry-After", "3600");
          } else if (n == 4) {
            exchange.getResponseHeaders().add("Retry-After", "60");
          }
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  @Test
  void aFailingDeliveryFollowsTheScheduleAndFiveFailingDaysDisableTheEndpointWithAMail()
      throws Exception {
    // given an endpoint of a tenant with a member, on a receiver that always fails
    Tenant tenant = data.tenant("clock");
    data.member("owner@clock.test", tenant);
    HttpServer receiver = failingReceiver();
    var clock = new MovableClock(START);
    var handler =
        new DeliverWebhookHandler(
            deliveries,
            endpoints,
            cache,
            new TargetGuard(true, HostResolver.SYSTEM),
            sender,
            mailer,
            users,
            clock,
            properties,
            metrics);
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    Endpoint endpoint =
        endpoints.insert(tenant.id(), url, List.of("*"), null, Signature.newSecret());
    UUID delivery = newDelivery(endpoint);

    try {
      // when each attempt fails and the clock moves on by the wait the handler asked for
      var waits = new ArrayList<Duration>();
      var attemptedAt = new ArrayList<Instant>();
      for (int attempt = 1; attempt < 8; attempt++) {
        attemptedAt.add(clock.instant());
        Throwable failed = catchThrowable(() -> handler.handle(new DeliverWebhook(delivery)));
        assertThat(failed).as("attempt " + attempt).isInstanceOf(RetryNoSooner.class);
        Duration wait = ((RetryNoSooner) failed).atLeast();
        waits.add(wait);
        clock.advance(wait);
      }
      attemptedAt.add(clock.instant());
      Throwable last = catchThrowable(() -> handler.handle(new DeliverWebhook(delivery)));

      // then the waits are the schedule's, each with at most a tenth added, the hour asked for
      // after the second attempt instead of five minutes, the minute asked after the fourth not
      for (int i = 0; i < SCHEDULE.size(); i++) {
        Duration base = SCHEDULE.get(i);
        if (i == 1) {
          assertThat(waits.get(i)).as("a later Retry-After wins").isEqualTo(Duration.ofHours(1));
        } else {
          assertThat(waits.get(i))
              .as("wait after attempt " + (i + 1))
              .isBetween(base, base.plus(base.dividedBy(10)));
        }
      }
      assertThat(last).isInstanceOf(DeliverWebhookHandler.DeliveryFailed.class);
      assertThat(last.getMessage()).isEqualTo("answered 500 on the last of 8 attempts");
      var settled = deliveries.find(delivery).orElseThrow();
      assertThat(settled.status()).isEqualTo(Delivery.Status.FAILED);
      assertThat(settled.attempts())
          .extracting(Delivery.Attempt::attemptedAt)
          .as("each attempt at the clock's time")
          .containsExactlyElementsOf(attemptedAt);
      var counted = endpoints.find(endpoint.id()).orElseThrow();
      assertThat(counted.failureCount()).isEqualTo(1);
      assertThat(counted.active()).as("27 hours of failures are not 5 days").isTrue();

      // and when it still fails five days after its first failure
      clock.set(START.plus(Duration.ofDays(5)));
      UUID later = newDelivery(endpoint);
      Throwable disabling = catchThrowable(() -> handler.handle(new DeliverWebhook(later)));

      // then the endpoint is turned off and the tenant's member told by mail
      assertThat(disabling).isInstanceOf(DeliverWebhookHandler.DeliveryFailed.class);
      assertThat(disabling.getMessage()).endsWith("the endpoint is now disabled");
      var disabled = endpoints.find(endpoint.id()).orElseThrow();
      assertThat(disabled.active()).isFalse();
      assertThat(disabled.disabledReason()).startsWith("Every attempt failed since " + START);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  java.util.Arrays.stream(SMTP.getReceivedMessages())
                      .anyMatch(
                          m -> {
                            try {
                              return m.getSubject().equals("Webhook endpoint disabled: " + url)
                                  && m.getAllRecipients()[0].toString().equals("owner@clock.test");
                            } catch (jakarta.mail.MessagingException e) {
                              return false;
                            }
                          }));
    } finally {
      receiver.stop(0);
    }
  }

  private UUID newDelivery(Endpoint endpoint) {
    return deliveries.insert(
        new DeliveryStore.NewDelivery(
            endpoint.id(), UUID.randomUUID(), "page_view", null, "{\"id\":\"x\"}"));
  }
}
