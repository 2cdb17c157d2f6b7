package dev.allegro.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole application on a random port (and its management endpoints on another), on a database
 * and Redis key prefix of this test class's own. Inject {@link Http} to call it and {@link
 * TestData} to set up tenants, users and tokens.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"allegro.roles=web", "management.server.port=0"})
@Import({Http.class, TestData.class})
public @interface AllegroTest {}
