package io.learnpulse.ingest.domain;

import io.learnpulse.events.v1.ScormVersion;
import java.util.UUID;

/** A session context as a verified token would give it. */
final class Sessions {

  static final SessionContext SESSION =
      new SessionContext(
          "tenant-a",
          "learner-7",
          UUID.fromString("6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b"),
          UUID.fromString("1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d"),
          "assignment-3",
          "topic-kafka",
          ScormVersion.SCORM_2004_4TH);

  private Sessions() {}
}
