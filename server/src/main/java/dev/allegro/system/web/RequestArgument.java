package dev.allegro.system.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a controller method take a value that an earlier step (a filter, an interceptor) worked out
 * for the request, such as the current tenant or the caller's access, as a plain parameter of its
 * type.
 *
 * @param type the parameter type this resolves
 * @param lookup the request's value, or {@code null} when it has none
 * @param missing what is thrown when it has none
 */
public record RequestArgument<T>(
    Class<T> type,
    Function<HttpServletRequest, T> lookup,
    Supplier<? extends RuntimeException> missing)
    implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == type;
  }

  @Override
  public T resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mav,
      NativeWebRequest request,
      WebDataBinderFactory binders) {
    T value = lookup.apply(request.getNativeRequest(HttpServletRequest.class));
    if (value == null) {
      throw missing.get();
    }
    return value;
  }
}
