package dev.allegro.client;

/**
 * Consumes the tenant's heartbeat queue ({@code /api/platform/heartbeats}, items {@link Heartbeat};
 * {@code last_id} is matched against {@code event_id}); the loop is described on {@link
 * QueueConsumer}. The queue is filled only while the tenant's {@code SdkHeartbeat} flag is on.
 */
public final class HeartbeatQueueConsumer extends QueueConsumer<Heartbeat> {

  private HeartbeatQueueConsumer(QueueConsumerBuilder<Heartbeat, HeartbeatQueueConsumer> builder) {
    super(builder, QueueKind.HEARTBEATS);
  }

  /** A builder of a heartbeat queue consumer. */
  public static QueueConsumerBuilder<Heartbeat, HeartbeatQueueConsumer> builder() {
    return new QueueConsumerBuilder<>(HeartbeatQueueConsumer::new);
  }
}
