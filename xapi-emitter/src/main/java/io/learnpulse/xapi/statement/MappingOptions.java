package io.learnpulse.xapi.statement;

import java.net.URI;
import java.util.Objects;

/**
 * What the mapper is configured with.
 *
 * @param activityBase IRI under which assignment, topic and challenge activity ids are made, e.g.
 *     {@code https://learn.example.com/xapi/activities}
 * @param challengeOpenedVerb verb of a challenge-opened statement: attempted (default) or
 *     experienced
 * @param platform value of {@code context.platform}
 */
public record MappingOptions(URI activityBase, Verb challengeOpenedVerb, String platform) {

  /** Validates the options. */
  public MappingOptions {
    Objects.requireNonNull(activityBase, "activityBase");
    Objects.requireNonNull(challengeOpenedVerb, "challengeOpenedVerb");
    Objects.requireNonNull(platform, "platform");
    if (!activityBase.isAbsolute() || activityBase.getHost() == null) {
      throw new IllegalArgumentException("activity base must be an absolute IRI: " + activityBase);
    }
    if (!challengeOpenedVerb.equals(Vocabulary.ATTEMPTED)
        && !challengeOpenedVerb.equals(Vocabulary.EXPERIENCED)) {
      throw new IllegalArgumentException("a challenge is attempted or experienced");
    }
  }

  /** Defaults: attempted, platform {@code LearnPulse}. */
  public static MappingOptions defaults(URI activityBase) {
    return new MappingOptions(activityBase, Vocabulary.ATTEMPTED, "LearnPulse");
  }
}
