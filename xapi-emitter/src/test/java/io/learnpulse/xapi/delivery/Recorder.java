package io.learnpulse.xapi.delivery;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what became of each statement a test submitted. */
final class Recorder {
  final Set<String> delivered = ConcurrentHashMap.newKeySet();
  final Set<String> conflicts = ConcurrentHashMap.newKeySet();
  final Map<String, String> rejected = new ConcurrentHashMap<>();
  final Map<String, String> parked = new ConcurrentHashMap<>();
  final Map<String, String> dropped = new ConcurrentHashMap<>();
  final AtomicInteger outcomes = new AtomicInteger();

  Outbound.Outcome outcome(UUID id) {
    return new Outbound.Outcome() {
      @Override
      public void delivered(boolean conflict) {
        delivered.add(id.toString());
        if (conflict) {
          conflicts.add(id.toString());
        }
        outcomes.incrementAndGet();
      }

      @Override
      public void rejected(int status, String reason) {
        rejected.put(id.toString(), status + " " + reason);
        outcomes.incrementAndGet();
      }

      @Override
      public void parked(String reason) {
        parked.put(id.toString(), reason);
        outcomes.incrementAndGet();
      }

      @Override
      public void dropped(String reason) {
        dropped.put(id.toString(), reason);
        outcomes.incrementAndGet();
      }
    };
  }
}
