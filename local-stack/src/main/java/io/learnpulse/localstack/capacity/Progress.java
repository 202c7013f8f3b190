package io.learnpulse.localstack.capacity;

/**
 * Where a learner is in a topic as the bookmark of a SCORM commit shows it: challenge, step and how
 * many hints are revealed. Parsed from the commit's {@code cmi.suspend_data} (version 1, {@code
 * 1|topic|challenge|step|hints|pendingAnswer}, docs/scorm.md), which is how the load generator
 * tells which checkpoint a commit made ready.
 *
 * @param challengeId the challenge the bookmark points at
 * @param step the step reached (0 when absent)
 * @param hints the number of hints revealed
 */
record Progress(String challengeId, int step, int hints) {

  /** The progress in {@code suspendData}, or null when it is not version 1 suspend data. */
  static Progress fromSuspendData(String suspendData) {
    if (suspendData == null || !suspendData.startsWith("1|")) {
      return null;
    }
    String[] fields = suspendData.split("\\|", -1);
    if (fields.length < 5 || fields[2].isEmpty()) {
      return null;
    }
    int step = fields[3].isEmpty() ? 0 : Integer.parseInt(fields[3]);
    return new Progress(fields[2], step, hintCount(fields[4]));
  }

  /** Counts the hints of an ascending range list such as {@code 0-2,5}. */
  static int hintCount(String ranges) {
    int count = 0;
    if (ranges.isEmpty()) {
      return 0;
    }
    for (String range : ranges.split(",")) {
      int dash = range.indexOf('-');
      count +=
          dash < 0
              ? 1
              : Integer.parseInt(range.substring(dash + 1))
                  - Integer.parseInt(range.substring(0, dash))
                  + 1;
    }
    return count;
  }
}
