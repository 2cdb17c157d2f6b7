package dev.allegro.test;

import java.util.Map;

/** Reads samples out of a Prometheus text scrape. */
public record Prometheus(String scrape) {

  public static Prometheus scrape(Http http) {
    var response = http.management("/actuator/prometheus").send();
    if (response.status() != 200) {
      throw new IllegalStateException("scrape answered " + response.status());
    }
    return new Prometheus(response.body());
  }

  /**
   * The value of the sample with this name whose labels include these, or {@code NaN} when there is
   * none.
   */
  public double value(String name, Map<String, String> labels) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      int end = line.lastIndexOf(' ');
      String series = line.substring(0, end);
      if (labels.entrySet().stream()
          .allMatch(l -> series.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
        return Double.parseDouble(line.substring(end + 1));
      }
    }
    return Double.NaN;
  }

  public boolean has(String name) {
    return scrape.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
  }
}
