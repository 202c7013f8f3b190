package io.learnpulse.xapi.statement;

/**
 * The IRIs LearnPulse statements use: ADL and cmi5 verbs where one fits, LearnPulse's own verbs,
 * activity types and extensions under {@link #LEARNPULSE} otherwise. Vocabulary IRIs are fixed (not
 * configurable) so statements of every tenant mean the same thing; only activity ids move with the
 * configured base.
 */
public final class Vocabulary {

  /** LearnPulse's own vocabulary namespace. */
  public static final String LEARNPULSE = "https://learnpulse.io/xapi";

  private static final String ADL = "http://adlnet.gov/expapi/verbs/";

  /** cmi5 defined: the LMS launched the content. */
  public static final Verb LAUNCHED = new Verb(ADL + "launched", "launched");

  /** cmi5 defined: the content started a session. */
  public static final Verb INITIALIZED = new Verb(ADL + "initialized", "initialized");

  /** The learner left unfinished; a later launch resumes. */
  public static final Verb SUSPENDED = new Verb(ADL + "suspended", "suspended");

  /** The learner came back to a suspended attempt. */
  public static final Verb RESUMED = new Verb(ADL + "resumed", "resumed");

  /** cmi5 defined: the session ended normally. */
  public static final Verb TERMINATED = new Verb(ADL + "terminated", "terminated");

  /** cmi5 defined: the session ended without termination (timed out). */
  public static final Verb ABANDONED =
      new Verb("https://w3id.org/xapi/adl/verbs/abandoned", "abandoned");

  /** The learner tried an activity. */
  public static final Verb ATTEMPTED = new Verb(ADL + "attempted", "attempted");

  /** The learner saw an activity. */
  public static final Verb EXPERIENCED = new Verb(ADL + "experienced", "experienced");

  /** The learner moved forward inside an activity. */
  public static final Verb PROGRESSED = new Verb(ADL + "progressed", "progressed");

  /** The learner answered a question. */
  public static final Verb ANSWERED = new Verb(ADL + "answered", "answered");

  /** cmi5 defined: the learner completed the activity. */
  public static final Verb COMPLETED = new Verb(ADL + "completed", "completed");

  /** cmi5 defined: the learner passed the activity. */
  public static final Verb PASSED = new Verb(ADL + "passed", "passed");

  /** cmi5 defined: the learner failed the activity. */
  public static final Verb FAILED = new Verb(ADL + "failed", "failed");

  /** LearnPulse: an answer that was pending review was judged. */
  public static final Verb REVIEWED = new Verb(LEARNPULSE + "/verbs/reviewed", "reviewed");

  /** Activity type of an assignment (a course in ADL terms). */
  public static final String TYPE_ASSIGNMENT = "http://adlnet.gov/expapi/activities/course";

  /** Activity type of a topic (a module). */
  public static final String TYPE_TOPIC = "http://adlnet.gov/expapi/activities/module";

  /** Activity type of a challenge (an interaction). */
  public static final String TYPE_CHALLENGE = "http://adlnet.gov/expapi/activities/interaction";

  /** Activity type of a challenge's hint. */
  public static final String TYPE_HINT = LEARNPULSE + "/activity-types/hint";

  /** Context extension: the LearnPulse session id (UUID text). */
  public static final String EXT_SESSION_ID = LEARNPULSE + "/extensions/session-id";

  /** Context extension: assignment policy version behind a topic result. */
  public static final String EXT_POLICY_VERSION = LEARNPULSE + "/extensions/policy-version";

  /** Context extension: the SCORM version the LMS speaks for the registration. */
  public static final String EXT_SCORM_VERSION = LEARNPULSE + "/extensions/scorm-version";

  /** Result extension: distinct hints used (per challenge, or summed over a topic). */
  public static final String EXT_HINTS_USED = LEARNPULSE + "/extensions/hints-used";

  /** Result extension: number of this answer among the challenge's answers, from 1. */
  public static final String EXT_ATTEMPT = LEARNPULSE + "/extensions/attempt";

  /** Result extension: incorrect answers before resolution, summed over a topic. */
  public static final String EXT_INCORRECT_ATTEMPTS = LEARNPULSE + "/extensions/incorrect-attempts";

  /** Result extension: the player's answer id. */
  public static final String EXT_ANSWER_ID = LEARNPULSE + "/extensions/answer-id";

  /** Result extension: the answer was submitted for review (no verdict yet). */
  public static final String EXT_PENDING_REVIEW = LEARNPULSE + "/extensions/pending-review";

  /** Result extension: zero-based step index reached. */
  public static final String EXT_STEP = LEARNPULSE + "/extensions/step";

  /** Result extension: the step reached is the challenge's last. */
  public static final String EXT_LAST_STEP = LEARNPULSE + "/extensions/last-step";

  /** Result extension: zero-based hint index revealed. */
  public static final String EXT_HINT_INDEX = LEARNPULSE + "/extensions/hint-index";

  /** Result extension: time of the session's last heartbeat (abandoned sessions). */
  public static final String EXT_LAST_HEARTBEAT = LEARNPULSE + "/extensions/last-heartbeat-at";

  private Vocabulary() {}
}
