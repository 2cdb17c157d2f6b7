package dev.allegro.dashboard.internal;

import dev.allegro.auth.HorizonGate;
import dev.allegro.system.AllegroProperties;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The dashboard's pages: server-rendered frames whose data the page's script reads from the JSON
 * API every few seconds ({@code /horizon/api/...}), so what a page shows, a script can read.
 */
@Controller
class DashboardPages {

  private final HorizonGate gate;
  private final String environment;

  DashboardPages(HorizonGate gate, AllegroProperties allegro) {
    this.gate = gate;
    this.environment = allegro.env().name().toLowerCase(Locale.ROOT);
  }

  @ModelAttribute
  void frame(Model model) {
    model.addAttribute("staff", Staff.current());
    model.addAttribute("open", gate.open());
    model.addAttribute("environment", environment);
  }

  @GetMapping({"/horizon", "/horizon/"})
  String home() {
    return "redirect:/horizon/dashboard";
  }

  @GetMapping("/horizon/dashboard")
  String dashboard(Model model) {
    return page(model, "dashboard", "Dashboard");
  }

  @GetMapping("/horizon/jobs/pending")
  String pending(Model model) {
    model.addAttribute("status", "pending");
    return page(model, "jobs", "Pending jobs");
  }

  @GetMapping("/horizon/jobs/completed")
  String completed(Model model) {
    model.addAttribute("status", "completed");
    return page(model, "jobs", "Completed jobs");
  }

  @GetMapping("/horizon/failed")
  String failed(Model model) {
    return page(model, "failed", "Failed jobs");
  }

  @GetMapping({"/horizon/jobs/{id}", "/horizon/failed/{id}"})
  String job(@PathVariable String id, Model model) {
    model.addAttribute("jobId", id);
    return page(model, "job", "Job");
  }

  @GetMapping("/horizon/search")
  String search(Model model) {
    return page(model, "search", "Search");
  }

  @GetMapping("/horizon/monitoring")
  String monitoring(Model model) {
    return page(model, "monitoring", "Monitoring");
  }

  @GetMapping("/horizon/monitoring/{tag}")
  String tag(@PathVariable String tag, Model model) {
    model.addAttribute("tag", tag);
    return page(model, "tag", "Tag " + tag);
  }

  @GetMapping("/horizon/metrics")
  String metrics(Model model) {
    return page(model, "metrics", "Metrics");
  }

  @GetMapping("/horizon/audit")
  String audit(Model model) {
    return page(model, "audit", "Audit log");
  }

  private static String page(Model model, String name, String title) {
    model.addAttribute("page", name);
    model.addAttribute("title", title);
    return "horizon/" + name;
  }
}
