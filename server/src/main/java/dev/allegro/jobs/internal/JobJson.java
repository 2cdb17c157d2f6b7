package dev.allegro.jobs.internal;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of job payloads and job data: written by dispatch and read by workers with
 * the same settings, plain camelCase whatever the web layer's naming is.
 */
public final class JobJson {

  public static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private JobJson() {}
}
