package io.learnpulse.lmssync.structure.cyclefixture.a;

import io.learnpulse.lmssync.structure.cyclefixture.b.B;

/**
 * Fixture for StructureTest: half of an {@code a} ↔ {@code b} cycle, like the old admin ↔ launch.
 */
public final class A {

  /** Uses {@code b}. */
  public B next() {
    return new B();
  }
}
