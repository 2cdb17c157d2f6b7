package dev.allegro.tracking.internal;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps monthly partitions of {@code events} ready from last month to two months ahead: at the
 * start of the first web node and every six hours, once across the web nodes (those that write
 * events). Creating one that exists is a no-op.
 */
@Component
class EventPartitions implements PeriodicTask {

  private static final Logger log = LoggerFactory.getLogger(EventPartitions.class);
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy_MM");

  private final JdbcTemplate jdbc;
  private final Clock clock;

  EventPartitions(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("tracking:event-partitions", Duration.ofHours(6), Role.WEB)
        .andAtStart();
  }

  @Override
  public void run() {
    YearMonth now = YearMonth.from(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    for (int offset = -1; offset <= 2; offset++) {
      YearMonth month = now.plusMonths(offset);
      try {
        jdbc.execute(
            "CREATE TABLE IF NOT EXISTS events_%s PARTITION OF events FOR VALUES FROM ('%s') TO ('%s')"
                .formatted(month.format(NAME), month.atDay(1), month.plusMonths(1).atDay(1)));
      } catch (RuntimeException e) {
        log.warn("Could not create the events partition for {}", month, e);
      }
    }
  }
}
