package dev.allegro.system.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a controller parameter, a record, from the JSON request body field by field, in the manner
 * of Laravel's validation: every field whose value has the wrong type is named in one 422 ({@code
 * "The slug field must be a string."}, {@code "The domains.1 field must be a string."}), nothing is
 * coerced ({@code 5} is no string, {@code "true"} no boolean), and a body that is JSON but not an
 * object is a 422 for {@code body}. A body that is not JSON at all is 400; another Content-Type
 * than JSON is 415. Absent fields are {@code null}; a {@code JsonNode} component receives the value
 * as it is, an explicit {@code null} as a {@code NullNode}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JsonBody {}
