package io.learnpulse.lmssync.scorm;

/**
 * The SCORM run-time data models LearnPulse reports through, with the limits each one puts on the
 * values LearnPulse writes.
 */
public enum ScormVersion {
  /** SCORM 1.2: {@code cmi.core.*}, CMITimespan session time, 4,096-character suspend data. */
  SCORM_12(255, 4096),
  /** SCORM 2004 3rd edition: {@code cmi.*}, ISO 8601 durations, 64,000-character suspend data. */
  SCORM_2004_3RD(1000, 64000),
  /** SCORM 2004 4th edition: as the 3rd edition for everything LearnPulse writes. */
  SCORM_2004_4TH(1000, 64000);

  private final int locationLimit;
  private final int suspendDataLimit;

  ScormVersion(int locationLimit, int suspendDataLimit) {
    this.locationLimit = locationLimit;
    this.suspendDataLimit = suspendDataLimit;
  }

  /** Longest bookmark ({@code lesson_location} / {@code location}) the LMS must accept. */
  public int locationLimit() {
    return locationLimit;
  }

  /** Longest {@code suspend_data} the LMS must accept, in characters. */
  public int suspendDataLimit() {
    return suspendDataLimit;
  }

  /** True for the 2004 editions. */
  public boolean is2004() {
    return this != SCORM_12;
  }
}
