package dev.allegro.dashboard.internal;

import dev.allegro.system.web.ValidationException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log of what staff did through the dashboard, newest first. */
@RestController
class AuditApi {

  private final AuditLog audit;

  AuditApi(AuditLog audit) {
    this.audit = audit;
  }

  record Entries(List<AuditLog.Entry> entries, long total) {}

  @GetMapping("/horizon/api/audit")
  Entries entries(
      @RequestParam(name = "starting_at", required = false, defaultValue = "-1") long startingAt,
      @RequestParam(required = false, defaultValue = "50") int limit) {
    if (limit < 1 || limit > 100) {
      throw ValidationException.of("limit", "The limit field must be between 1 and 100.");
    }
    return new Entries(audit.page(Math.max(0, startingAt + 1), limit), audit.count());
  }
}
