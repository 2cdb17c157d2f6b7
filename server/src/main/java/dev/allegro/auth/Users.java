package dev.allegro.auth;

import dev.allegro.auth.internal.UserStore;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.tenancy.TenantId;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** Users and their membership of tenants. */
@Service
public class Users {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

  private final UserStore store;

  Users(UserStore store) {
    this.store = store;
  }

  /**
   * @throws dev.allegro.system.web.ValidationException for a malformed or taken email
   */
  public User create(String email, String name, boolean superAdmin) {
    var errors = new FieldErrors();
    String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(normalized).matches()) {
      errors.add("email", "The email field must be a valid email address.");
    } else if (store.findByEmail(normalized).isPresent()) {
      errors.add("email", "The email has already been taken.");
    }
    errors.throwIfAny();
    String displayName =
        name == null || name.isBlank() ? normalized.substring(0, normalized.indexOf('@')) : name;
    return store.insert(normalized, displayName.trim(), superAdmin);
  }

  public Optional<User> findByEmail(String email) {
    return store.findByEmail(email.trim().toLowerCase(Locale.ROOT));
  }

  public boolean anySuperAdmin() {
    return store.anySuperAdmin();
  }

  /** The email addresses of a tenant's members, to tell them about their tenant. */
  public java.util.List<String> memberEmails(TenantId tenant) {
    return store.memberEmails(tenant);
  }

  public void addMember(UserId user, TenantId tenant, String role) {
    store.upsertMembership(user, tenant, role);
  }
}
