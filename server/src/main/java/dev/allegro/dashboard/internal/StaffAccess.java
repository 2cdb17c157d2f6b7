package dev.allegro.dashboard.internal;

import dev.allegro.auth.HorizonGate;
import dev.allegro.auth.StaffSignIn;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * The {@link HorizonGate} on every dashboard request: open in {@code APP_ENV=local}; otherwise the
 * signed-in staff member as they are now (a super admin demoted since signing in is refused at
 * once), or a token's owner.
 */
@Component
class StaffAccess implements AuthorizationManager<RequestAuthorizationContext> {

  private final HorizonGate gate;
  private final StaffSignIn signIn;

  StaffAccess(HorizonGate gate, StaffSignIn signIn) {
    this.gate = gate;
    this.signIn = signIn;
  }

  @Override
  public AuthorizationResult authorize(
      Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
    if (gate.open()) {
      return new AuthorizationDecision(true);
    }
    return new AuthorizationDecision(allowed(authentication.get()));
  }

  private boolean allowed(Authentication authentication) {
    if (authentication == null
        || !(authentication.getPrincipal() instanceof StaffPrincipal staff)) {
      return false;
    }
    return signIn
        .current(staff.user())
        .filter(user -> staff.byToken() ? gate.allowsToken(user) : gate.allows(user))
        .isPresent();
  }
}
