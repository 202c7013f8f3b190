package io.learnpulse.infra.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until freshly created topics are served: a topic creation is acknowledged by the controller
 * a moment before the broker's metadata knows the topic and its partition leaders.
 */
public final class TopicReadiness {

  private static final long BACKOFF_MILLIS = 50;

  private TopicReadiness() {}

  /**
   * Describes the topics, retrying until each is known and every partition has a leader.
   *
   * @param admin an admin client
   * @param topics the topic names
   * @param timeout how long to wait at most
   * @return the descriptions by topic name
   * @throws IllegalStateException when the topics are not ready in time
   */
  public static Map<String, TopicDescription> await(
      Admin admin, Collection<String> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> descriptions =
            admin
                .describeTopics(topics)
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        boolean led =
            descriptions.values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (led) {
          return descriptions;
        }
        last = new IllegalStateException("partitions without a leader: " + descriptions);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw new IllegalStateException("Could not describe topics " + topics, e.getCause());
        }
        last = e;
      } catch (TimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for topics " + topics, e);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for topics " + topics, e);
      }
    }
    throw new IllegalStateException("Topics " + topics + " not ready within " + timeout, last);
  }
}
