package io.learnpulse.scoring.domain;

/** How an assignment decides that a topic is finished and passed. */
public enum CompletionMode {
  /** Finished when every challenge is resolved; passed when every challenge score passes. */
  STANDARD,
  /** Finished when every challenge is reviewed; passed when the raw score passes. */
  RELAXED,
  /**
   * Finished when every challenge is resolved; passed when every challenge score reaches the strict
   * floor and the raw score passes.
   */
  STRICT
}
