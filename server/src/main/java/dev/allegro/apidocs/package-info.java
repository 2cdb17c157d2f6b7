/**
 * The API reference: {@code docs/openapi.yaml}, written by hand and packed into the jar, served as
 * JSON at {@code /openapi.json} (landlord hosts) and {@code /api/openapi.json} (tenant hosts) with
 * the request's origin as its server, and shown with Swagger UI at {@code /docs/api}. Nothing else
 * depends on it.
 */
package dev.allegro.apidocs;
