package io.learnpulse.xapi.tenant;

/**
 * The tenant directory cannot say now whether a tenant opted in (lms-sync unreachable, or it
 * answered with an error) and holds nothing cached for it. The caller must try again later rather
 * than treat the tenant as one without xAPI, or its events would be skipped for good.
 */
public final class TenantDirectoryUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why. */
  public TenantDirectoryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
