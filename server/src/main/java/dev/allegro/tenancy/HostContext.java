package dev.allegro.tenancy;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whom a request's host serves: the landlord (the platform operator) or one tenant. Resolved once
 * per request from the Host header, before any controller runs.
 */
public sealed interface HostContext {

  String ATTRIBUTE = HostContext.class.getName();

  record Landlord() implements HostContext {}

  record TenantHost(Tenant tenant) implements HostContext {}

  /** The context resolved for this request, or {@code null} outside resolved paths. */
  static HostContext of(HttpServletRequest request) {
    return (HostContext) request.getAttribute(ATTRIBUTE);
  }
}
