package io.learnpulse.lmssync.admin;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The shape of tenant, assignment and topic ids. */
final class Ids {

  private static final Pattern ID = Pattern.compile(TenantController.ID);

  private Ids() {}

  /** Rejects an id of the wrong shape with 400. */
  static void check(String id, String what) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, what + " must match " + TenantController.ID);
    }
  }
}
