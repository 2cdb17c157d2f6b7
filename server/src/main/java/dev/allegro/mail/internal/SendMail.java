package dev.allegro.mail.internal;

import dev.allegro.jobs.Job;
import java.util.List;

/** The job that sends one mail. */
public record SendMail(List<String> to, String subject, String text, String html) implements Job {}
