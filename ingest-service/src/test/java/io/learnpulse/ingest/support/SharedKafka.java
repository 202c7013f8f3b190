package io.learnpulse.ingest.support;

import io.learnpulse.infra.Infrastructure;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.Topics;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The shared broker and registry of this test JVM ({@link Infrastructure#shared()}) made ready the
 * way a deployment makes production ready: the catalog's topics exist and every catalog schema is
 * registered, so the service runs with auto-registration off as it does in production.
 */
public final class SharedKafka {

  private static boolean prepared;

  private SharedKafka() {}

  /** The shared infrastructure, with topics and schemas in place (done once per JVM). */
  public static synchronized Infrastructure prepared() {
    Infrastructure infrastructure = Infrastructure.shared();
    if (!prepared) {
      createTopics(infrastructure.bootstrapServers(), Topics.newTopics((short) 1));
      CatalogSchemas.registerAll(RestSchemaRegistryClient.of(infrastructure.schemaRegistryUrl()));
      prepared = true;
    }
    return infrastructure;
  }

  /** Creates the topics that do not exist yet on the broker at {@code bootstrapServers}. */
  public static void createTopics(String bootstrapServers, Collection<NewTopic> topics) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (Map.Entry<String, KafkaFuture<Void>> created :
          admin.createTopics(topics).values().entrySet()) {
        try {
          created.getValue().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + created.getKey(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topics", e);
    }
  }
}
