package io.learnpulse.xapi.tenant;

import io.learnpulse.xapi.delivery.StatementDispatcher;
import io.learnpulse.xapi.delivery.TenantDelivery;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the settings of every tenant with a delivery, on a timer rather than only when the
 * tenant's next event arrives: a changed endpoint or credential hands the waiting statements to a
 * delivery with the new settings; a tenant whose xAPI was disabled, or which was deleted, has its
 * waiting statements dropped deliberately (counted, logged). When the directory cannot answer, the
 * current settings stay.
 */
public final class TenantRefresher implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(TenantRefresher.class);

  private final TenantDirectory directory;
  private final StatementDispatcher dispatcher;

  /** Refreshes {@code dispatcher}'s tenants from {@code directory}. */
  public TenantRefresher(TenantDirectory directory, StatementDispatcher dispatcher) {
    this.directory = directory;
    this.dispatcher = dispatcher;
  }

  @Override
  public void run() {
    List<String> known = dispatcher.tenants().stream().map(TenantDelivery::tenant).toList();
    for (String tenant : known) {
      Optional<TenantSettings> now;
      try {
        now = directory.refresh(tenant);
      } catch (TenantDirectoryUnavailableException e) {
        log.debug("settings of tenant {} not refreshed: {}", tenant, e.getMessage());
        continue;
      } catch (RuntimeException e) {
        log.warn("settings of tenant {} not refreshed", tenant, e);
        continue;
      }
      if (now.isPresent()) {
        dispatcher.register(tenant, now.get().endpoint());
      } else {
        dispatcher.unregister(
            tenant, "xAPI disabled for tenant " + tenant + ", or the tenant deleted");
      }
    }
  }
}
