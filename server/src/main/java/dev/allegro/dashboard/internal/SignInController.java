package dev.allegro.dashboard.internal;

import dev.allegro.auth.HorizonGate;
import dev.allegro.auth.StaffSignIn;
import dev.allegro.system.web.RateLimits;
import dev.allegro.system.web.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Staff sign-in: ask for a link by email, open the mailed link, confirm. The link's page asks for a
 * click before it signs anyone in, so a mail scanner that fetches links does not use it up.
 */
@Controller
class SignInController {

  private final StaffSignIn signIn;
  private final HorizonGate gate;
  private final TrustedProxies proxies;
  private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

  SignInController(StaffSignIn signIn, HorizonGate gate, TrustedProxies proxies) {
    this.signIn = signIn;
    this.gate = gate;
    this.proxies = proxies;
  }

  @GetMapping("/horizon/login")
  String form() {
    return gate.open() ? "redirect:/horizon" : "horizon/login";
  }

  @PostMapping("/horizon/login")
  String requestLink(
      @RequestParam(required = false) String email,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    String verifyUrl =
        ServletUriComponentsBuilder.fromContextPath(request)
            .path("/horizon/login/verify")
            .toUriString();
    try {
      signIn.requestLink(email, proxies.clientIp(request), verifyUrl);
    } catch (RateLimits.RateLimited limited) {
      response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
      response.setHeader("Retry-After", Long.toString(limited.retryAfterSeconds()));
      model.addAttribute("error", "Too many sign-in requests; try again in a few minutes.");
      return "horizon/login";
    }
    model.addAttribute("sent", true);
    return "horizon/login";
  }

  @GetMapping("/horizon/login/verify")
  String confirm(@RequestParam(required = false) String token, Model model) {
    model.addAttribute("token", token == null ? "" : token);
    return "horizon/verify";
  }

  @PostMapping("/horizon/login/verify")
  String redeem(
      @RequestParam(required = false) String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    var user = signIn.redeem(token).filter(gate::allows);
    if (user.isEmpty()) {
      response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
      model.addAttribute("token", "");
      model.addAttribute(
          "error", "This sign-in link is used, expired or unknown. Ask for a new one.");
      return "horizon/verify";
    }
    // a new session id at sign-in: whatever id the browser had before is worth nothing now
    request.getSession(true);
    request.changeSessionId();
    var principal = new StaffPrincipal(user.get().id().value(), user.get().email(), false);
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            principal, null, List.of(new SimpleGrantedAuthority("ROLE_STAFF"))));
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    return "redirect:/horizon";
  }
}
