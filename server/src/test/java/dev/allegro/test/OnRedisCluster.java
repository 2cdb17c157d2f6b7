package dev.allegro.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an {@link AllegroTest} class against a 3-master {@link RedisCluster} instead of one Redis
 * (its own key prefix, as always). Skipped, with a message, where {@code redis-server} is absent.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(OnRedisCluster.WhenAvailable.class)
public @interface OnRedisCluster {

  /** Disables the class on a machine that cannot start a cluster. */
  final class WhenAvailable implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return RedisCluster.available()
          ? ConditionEvaluationResult.enabled("redis-server is on this machine")
          : ConditionEvaluationResult.disabled(
              "redis-server is not on this machine: the Redis Cluster variant is skipped"
                  + " (.ci/run has it)");
    }
  }
}
