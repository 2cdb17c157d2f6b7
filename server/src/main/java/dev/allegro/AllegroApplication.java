package dev.allegro;

import dev.allegro.cli.Launcher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Allegro: one jar, roles {@code web}, {@code worker} and {@code scheduler}, and a CLI. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AllegroApplication {

  public static void main(String[] args) {
    Launcher.launch(AllegroApplication.class, args);
  }
}
