package dev.allegro.cli;

import jakarta.servlet.Filter;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.Lifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.core.type.filter.TypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The components only a running node needs, left out of a command's context: the application class
 * (it would switch every auto-configuration on), the web layer, lifecycle components that run
 * threads, and components reacting to application events such as start-up work.
 */
final class NodeParts implements TypeFilter {

  private static final List<TypeFilter> PARTS =
      List.of(
          new AnnotationTypeFilter(SpringBootConfiguration.class),
          new AnnotationTypeFilter(Controller.class),
          new AnnotationTypeFilter(ControllerAdvice.class),
          new AssignableTypeFilter(WebMvcConfigurer.class),
          new AssignableTypeFilter(Filter.class),
          new AssignableTypeFilter(HandlerInterceptor.class),
          new AssignableTypeFilter(Lifecycle.class));

  @Override
  public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
    if (reader.getAnnotationMetadata().hasAnnotatedMethods(EventListener.class.getName())) {
      return true;
    }
    for (TypeFilter part : PARTS) {
      if (part.match(reader, factory)) {
        return true;
      }
    }
    return false;
  }
}
