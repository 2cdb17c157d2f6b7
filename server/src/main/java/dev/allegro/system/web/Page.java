package dev.allegro.system.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * One page of a list, in the shape of Laravel's length-aware paginator: {@code data}, {@code links}
 * and {@code meta}.
 */
public record Page<T>(List<T> data, Links links, Meta meta) {

  public static final int DEFAULT_PER_PAGE = 15;
  public static final int MAX_PER_PAGE = 100;

  public record Links(String first, String last, String prev, String next) {}

  public record Link(String url, String label, boolean active) {}

  public record Meta(
      int currentPage,
      Integer from,
      int lastPage,
      List<Link> links,
      String path,
      int perPage,
      Integer to,
      long total) {}

  /** Which page a client asked for, already validated. */
  public record Request(int page, int perPage) {

    public long offset() {
      return (long) (page - 1) * perPage;
    }

    /** Validates {@code page} (≥ 1) and {@code per_page} (1 to 100) from the query string. */
    public static Request of(String page, String perPage) {
      var errors = new FieldErrors();
      int p = parse(page, 1, "page", Integer.MAX_VALUE, errors);
      int size = parse(perPage, DEFAULT_PER_PAGE, "per_page", MAX_PER_PAGE, errors);
      errors.throwIfAny();
      return new Request(p, size);
    }

    private static int parse(String value, int fallback, String field, int max, FieldErrors e) {
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value.trim());
        if (parsed >= 1 && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      String range = max == Integer.MAX_VALUE ? "at least 1" : "between 1 and " + max;
      e.add(field, "The " + field + " field must be an integer " + range + ".");
      return fallback;
    }
  }

  public static <T> Page<T> of(List<T> items, Request request, long total, String path) {
    int lastPage = (int) Math.max(1, (total + request.perPage() - 1) / request.perPage());
    int current = request.page();
    Function<Integer, String> url =
        n ->
            UriComponentsBuilder.fromUriString(path)
                .queryParam("page", n)
                .queryParamIfPresent(
                    "per_page",
                    request.perPage() == DEFAULT_PER_PAGE
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(request.perPage()))
                .toUriString();
    var links = new ArrayList<Link>();
    links.add(new Link(current > 1 ? url.apply(current - 1) : null, "&laquo; Previous", false));
    for (int n = 1; n <= lastPage; n++) {
      links.add(new Link(url.apply(n), Integer.toString(n), n == current));
    }
    links.add(new Link(current < lastPage ? url.apply(current + 1) : null, "Next &raquo;", false));
    Integer from = items.isEmpty() ? null : (int) request.offset() + 1;
    Integer to = items.isEmpty() ? null : (int) request.offset() + items.size();
    return new Page<>(
        items,
        new Links(
            url.apply(1),
            url.apply(lastPage),
            current > 1 ? url.apply(current - 1) : null,
            current < lastPage ? url.apply(current + 1) : null),
        new Meta(current, from, lastPage, links, path, request.perPage(), to, total));
  }
}
