package io.learnpulse.lmssync.structure.cyclefixture.b;

import io.learnpulse.lmssync.structure.cyclefixture.a.A;

/** Fixture for StructureTest: the other half of the {@code a} ↔ {@code b} cycle. */
public final class B {

  /** Uses {@code a}. */
  public A back() {
    return new A();
  }
}
