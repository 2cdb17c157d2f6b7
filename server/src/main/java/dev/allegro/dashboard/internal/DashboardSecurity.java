package dev.allegro.dashboard.internal;

import dev.allegro.auth.AccessTokens;
import dev.allegro.auth.HorizonGate;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.JsonResponses;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Security for {@code /horizon} only; every other path keeps its own guards (the API's bearer
 * tokens), untouched by Spring Security. Browsers sign in by a mailed link into a session kept in
 * Redis (any node serves it), rotated at sign-in and ended after the idle timeout; every action is
 * CSRF-protected; scripts may send a bearer token instead, which needs no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class DashboardSecurity {

  static final String SESSION_COOKIE = "ALLEGRO_HORIZON_SESSION";

  private static final RequestMatcher API = request -> path(request).startsWith("/horizon/api/");
  private static final RequestMatcher BEARER =
      request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null;

  @Bean
  SecurityFilterChain horizon(
      HttpSecurity http,
      StaffAccess access,
      AccessTokens tokens,
      JsonResponses responses,
      HorizonGate gate)
      throws Exception {
    http.securityMatcher("/horizon", "/horizon/**")
        .addFilterBefore(new LandlordOnly(responses), SecurityContextHolderFilter.class)
        .addFilterBefore(new BearerStaff(tokens, responses), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            rules ->
                rules
                    .requestMatchers("/horizon/login", "/horizon/login/**", "/horizon/assets/**")
                    .permitAll()
                    .anyRequest()
                    .access(access))
        .csrf(csrf -> csrf.ignoringRequestMatchers(BEARER))
        .exceptionHandling(
            errors ->
                errors
                    .defaultAuthenticationEntryPointFor(
                        (request, response, e) ->
                            responses.write(response, ApiException.unauthenticated()),
                        API)
                    .defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/horizon/login"), request -> true)
                    .accessDeniedHandler(
                        (request, response, e) ->
                            responses.write(
                                response,
                                e instanceof CsrfException
                                    ? ApiException.forbidden(
                                        "Missing or invalid CSRF token: send the X-CSRF-TOKEN"
                                            + " header of the dashboard's pages, or a bearer"
                                            + " token.")
                                    : ApiException.forbidden())))
        .logout(
            logout ->
                logout
                    .logoutUrl("/horizon/logout")
                    .logoutSuccessUrl("/horizon/login?signed-out")
                    .deleteCookies(SESSION_COOKIE))
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .requestCache(cache -> cache.disable());
    return http.build();
  }

  /** The session cookie: HttpOnly, SameSite=Lax, Secure outside local, for the dashboard only. */
  @Bean
  CookieSerializer sessionCookie(HorizonGate gate) {
    var cookie = new DefaultCookieSerializer();
    cookie.setCookieName(SESSION_COOKIE);
    cookie.setCookiePath("/horizon");
    cookie.setUseHttpOnlyCookie(true);
    cookie.setSameSite("Lax");
    cookie.setUseSecureCookie(!gate.open());
    return cookie;
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }
}
