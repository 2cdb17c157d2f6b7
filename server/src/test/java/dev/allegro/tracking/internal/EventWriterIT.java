package dev.allegro.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.TenantId;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Defence in depth behind validation: a submission the database refuses (here forced through the
 * writer, past validation) fails alone, and every request that shared its group commit is stored.
 */
@AllegroTest
@TestPropertySource(properties = "allegro.tracking.writers=2") // two groups commit side by side
class EventWriterIT {

  @Autowired EventWriter writer;
  @Autowired TestData data;
  @Autowired Http http;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  private static PreparedEvent event(
      TenantId tenant, UUID id, boolean clientId, String sessionId, Instant clientCreatedAt) {
    Instant now = Instant.now();
    return new PreparedEvent(
        id,
        tenant,
        "page_view",
        sessionId,
        null,
        null,
        "https://x.example/",
        "x.example",
        "/",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "Agent/1",
        "127.0.0.1",
        now,
        clientCreatedAt,
        now,
        clientId,
        "{}");
  }

  private static PreparedEvent valid(TenantId tenant) {
    return event(tenant, UUID.randomUUID(), false, "good", null);
  }

  private static PreparedEvent withNul(TenantId tenant) {
    return event(tenant, UUID.randomUUID(), false, "bad\0", null);
  }

  private static PreparedEvent withImpossibleTime(TenantId tenant) {
    return event(
        tenant, UUID.randomUUID(), false, "bad", Instant.ofEpochMilli(-1_000_000_000_000_000L));
  }

  private boolean stored(UUID id) {
    return jdbc.sql("SELECT count(*) FROM events WHERE id = ?::uuid")
            .param(id.toString())
            .query(Long.class)
            .single()
        == 1;
  }

  private static Throwable failure(CompletableFuture<Void> committed) throws Exception {
    try {
      committed.get(30, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void inAGroupWithUnstorableSubmissionsOnlyThoseFailAndTheRestIsCommitted() throws Exception {
    // given every writer held up on a row lock, so that what follows waits and forms groups
    TenantId shop = data.tenant("grouped").id();
    TenantId other = data.tenant("grouped-other").id();
    List<UUID> blockerIds = List.of(UUID.randomUUID(), UUID.randomUUID());
    List<CompletableFuture<Void>> blockers = new ArrayList<>();
    List<CompletableFuture<Void>> good = new ArrayList<>();
    List<CompletableFuture<Void>> bad = new ArrayList<>();
    List<UUID> goodIds = new ArrayList<>();
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (var statement =
          lock.prepareStatement("INSERT INTO event_client_ids VALUES (?, ?::uuid, now())")) {
        for (UUID blockerId : blockerIds) {
          statement.setLong(1, shop.value());
          statement.setString(2, blockerId.toString());
          statement.executeUpdate();
        }
      }
      for (UUID blockerId : blockerIds) { // one at a time, so that each writer takes one
        blockers.add(
            writer.submit(List.of(event(shop, blockerId, true, "blocker", null)), List.of()));
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
      }
      assertThat(blockers).as("both writers wait on the lock").noneMatch(CompletableFuture::isDone);

      // when good and unstorable submissions of two tenants queue up behind them
      for (int i = 0; i < 4; i++) {
        PreparedEvent e = valid(i % 2 == 0 ? other : shop);
        goodIds.add(e.id());
        good.add(writer.submit(List.of(e), List.of()));
        bad.add(
            writer.submit(
                List.of(i % 2 == 0 ? withNul(shop) : withImpossibleTime(shop)), List.of()));
      }
      lock.rollback();
    }

    // then only the unstorable ones fail, as the request's own input
    for (var committed : blockers) {
      assertThat(failure(committed)).isNull();
    }
    for (var committed : good) {
      assertThat(failure(committed)).isNull();
    }
    for (var committed : bad) {
      assertThat(failure(committed)).isInstanceOf(UnstorableInput.class);
    }
    assertThat(goodIds).allMatch(this::stored);
    assertThat(blockerIds).allMatch(this::stored);
  }

  @Test
  void groupsCommittingSideBySideNeverDeadlockOnTheClientIdsTheySendAgain() throws Exception {
    // given pairs of submissions of the same client ids, the second in reverse order: each fills a
    // group, so the two writers commit them side by side
    TenantId shop = data.tenant("resent").id();
    var committed = new ArrayList<CompletableFuture<Void>>();
    int stored = 0;
    for (int pair = 0; pair < 5; pair++) {
      List<UUID> ids =
          IntStream.range(0, EventWriter.MAX_GROUP_ROWS).mapToObj(i -> UUID.randomUUID()).toList();
      var reversed = new ArrayList<>(ids);
      Collections.reverse(reversed);
      for (List<UUID> order : List.of(ids, reversed)) {
        committed.add(
            writer.submit(
                order.stream().map(id -> event(shop, id, true, "resent", null)).toList(),
                List.of()));
      }
      stored += ids.size();
    }

    // then every one commits, and each event is stored once
    for (var c : committed) {
      assertThat(failure(c)).isNull();
    }
    assertThat(
            jdbc.sql("SELECT count(*) FROM events WHERE tenant_id = :tenant")
                .param("tenant", shop.value())
                .query(Long.class)
                .single())
        .isEqualTo(stored);
  }

  @Test
  void anotherTenantsRequestsAreAllStoredWhileUnstorableSubmissionsAreForcedThrough()
      throws Exception {
    Tenant bystander = data.tenant("bystander");
    TenantId attacker = data.tenant("attacker").id();
    var answers = new ConcurrentLinkedQueue<Http.Response>();
    var refused = new ConcurrentLinkedQueue<Throwable>();
    var attacking = new AtomicBoolean(true);

    try (var attackers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int a = 0; a < 4; a++) {
        boolean nul = a % 2 == 0;
        attackers.submit(
            () -> {
              while (attacking.get()) {
                var unstorable = nul ? withNul(attacker) : withImpossibleTime(attacker);
                refused.add(failure(writer.submit(List.of(unstorable), List.of())));
              }
              return null;
            });
      }
      try (var bystanders = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 200; i++) {
          bystanders.submit(
              () ->
                  answers.add(
                      http.post("/api/events")
                          .host(TestData.host(bystander.slug()))
                          .json(
                              "{\"type\":\"x\",\"session_id\":\"b\",\"url\":\"https://b.example/\"}")
                          .send()));
        }
      }
      attacking.set(false);
    }

    assertThat(answers).hasSize(200).extracting(Http.Response::status).containsOnly(201);
    assertThat(answers).allMatch(a -> stored(UUID.fromString(a.json().get("event_id").asString())));
    assertThat(refused).isNotEmpty().allMatch(UnstorableInput.class::isInstance);
  }
}
