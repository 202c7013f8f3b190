package io.learnpulse.lmssync.assignment;

/** How an assignment's topics are judged completed (the scoring contract's completion modes). */
public enum CompletionMode {
  STANDARD,
  RELAXED,
  STRICT
}
