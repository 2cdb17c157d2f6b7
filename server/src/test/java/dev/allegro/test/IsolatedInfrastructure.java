package dev.allegro.test;

import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives each {@link AllegroTest} class its own database and Redis key prefix. The customizer is
 * equal only for the same class, so no two classes share a context or any data.
 */
final class IsolatedInfrastructure {

  private IsolatedInfrastructure() {}

  /**
   * Runs before Spring's own customizers, so a class's {@code @DynamicPropertySource} (a private
   * Redis, say) still overrides what is set here.
   */
  @Order(Ordered.HIGHEST_PRECEDENCE)
  static final class CustomizerFactory implements ContextCustomizerFactory {
    @Override
    public ContextCustomizer createContextCustomizer(
        Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
      if (TestContextAnnotationUtils.findMergedAnnotation(testClass, AllegroTest.class) == null) {
        return null;
      }
      Class<?> owner = testClass;
      while (owner.getEnclosingClass() != null) {
        owner = owner.getEnclosingClass();
      }
      return new Customizer(owner);
    }
  }

  private record Customizer(Class<?> owner) implements ContextCustomizer {
    @Override
    public void customizeContext(
        ConfigurableApplicationContext context, MergedContextConfiguration config) {
      var properties = TestInfrastructure.get().isolatedProperties(owner.getSimpleName());
      if (TestContextAnnotationUtils.findMergedAnnotation(owner, OnRedisCluster.class) != null) {
        properties.put("spring.data.redis.cluster.nodes", RedisCluster.get().nodes());
      }
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("isolated-infrastructure", properties));
    }
  }
}
