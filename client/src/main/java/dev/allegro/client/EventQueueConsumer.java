package dev.allegro.client;

/**
 * Consumes the tenant's event queue ({@code /api/platform/events}, items {@link QueuedEvent}); the
 * loop is described on {@link QueueConsumer}. The token needs {@code events:read} and {@code
 * events:delete}.
 *
 * <pre>{@code
 * try (var consumer = EventQueueConsumer.builder()
 *         .baseUrl("http://demo.localhost:8080")
 *         .token(System.getenv("ALLEGRO_DEMO_TOKEN"))
 *         .longPoll(Duration.ofSeconds(20))
 *         .handler(batch -> batch.forEach(e -> System.out.println(e.type())))
 *         .start()) {
 *   ...
 * }
 * }</pre>
 */
public final class EventQueueConsumer extends QueueConsumer<QueuedEvent> {

  private EventQueueConsumer(QueueConsumerBuilder<QueuedEvent, EventQueueConsumer> builder) {
    super(builder, QueueKind.EVENTS);
  }

  /** A builder of an event queue consumer. */
  public static QueueConsumerBuilder<QueuedEvent, EventQueueConsumer> builder() {
    return new QueueConsumerBuilder<>(EventQueueConsumer::new);
  }
}
