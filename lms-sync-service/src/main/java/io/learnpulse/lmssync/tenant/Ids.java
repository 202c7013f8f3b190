package io.learnpulse.lmssync.tenant;

import io.learnpulse.lmssync.error.InvalidValueException;
import java.util.regex.Pattern;

/** The shape of tenant, assignment and topic ids. */
public final class Ids {

  /** Ids LearnPulse accepts for tenants, assignments, topics and challenges. */
  public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";

  private static final Pattern ID = Pattern.compile(PATTERN);

  private Ids() {}

  /** True when {@code id} has the shape of an id. */
  public static boolean valid(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /**
   * Returns {@code id} when it has the shape of an id.
   *
   * @throws InvalidValueException naming {@code field} otherwise
   */
  public static String check(String id, String field) {
    if (!valid(id)) {
      throw new InvalidValueException(field, "must match " + PATTERN);
    }
    return id;
  }
}
