package io.learnpulse.xapi.statement;

/**
 * What a statement says. One source event can give several statements (a started session is
 * launched and initialized); the kind tells them apart in the statement id, so every kind of every
 * event has its own stable id.
 */
public enum StatementKind {
  /** Session started or resumed: the package was launched. */
  LAUNCHED(Vocabulary.LAUNCHED),
  /** Session started or resumed: the session began. */
  INITIALIZED(Vocabulary.INITIALIZED),
  /** Session resumed: the learner came back to a suspended attempt. */
  RESUMED(Vocabulary.RESUMED),
  /** Session suspended. */
  SUSPENDED(Vocabulary.SUSPENDED),
  /** Session terminated. */
  TERMINATED(Vocabulary.TERMINATED),
  /** Session abandoned. */
  ABANDONED(Vocabulary.ABANDONED),
  /** Challenge opened (verb attempted, or experienced by configuration). */
  CHALLENGE_OPENED(Vocabulary.ATTEMPTED),
  /** Step reached. */
  PROGRESSED(Vocabulary.PROGRESSED),
  /** Hint revealed. */
  HINT_REVEALED(Vocabulary.EXPERIENCED),
  /** Answer submitted. */
  ANSWERED(Vocabulary.ANSWERED),
  /** Pending answer reviewed. */
  REVIEWED(Vocabulary.REVIEWED),
  /** Topic finished. */
  COMPLETED(Vocabulary.COMPLETED),
  /** Topic finished and passed. */
  PASSED(Vocabulary.PASSED),
  /** Topic finished and not passed. */
  FAILED(Vocabulary.FAILED);

  private final Verb defaultVerb;

  StatementKind(Verb defaultVerb) {
    this.defaultVerb = defaultVerb;
  }

  /** The verb statements of this kind use unless configuration says otherwise. */
  public Verb defaultVerb() {
    return defaultVerb;
  }
}
