package dev.allegro.tracking.internal;

/**
 * A submission the database refused for a value of its own (a data or constraint error), found by
 * writing it alone after its group commit failed.
 */
final class UnstorableInput extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UnstorableInput(Throwable refusal) {
    super(
        "The database refused a value of this submission: " + StorageErrors.reason(refusal),
        refusal);
  }
}
