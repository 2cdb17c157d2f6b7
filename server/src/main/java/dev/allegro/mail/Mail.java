package dev.allegro.mail;

import java.util.List;

/**
 * One message: a plain-text part and an HTML part, as mail clients expect both.
 *
 * @param to the recipients' addresses
 */
public record Mail(List<String> to, String subject, String text, String html) {

  public Mail {
    to = List.copyOf(to);
    if (to.isEmpty()) {
      throw new IllegalArgumentException("A mail needs a recipient");
    }
  }

  public static Mail to(String address, String subject, String text, String html) {
    return new Mail(List.of(address), subject, text, html);
  }
}
