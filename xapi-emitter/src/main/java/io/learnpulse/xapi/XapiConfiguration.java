package io.learnpulse.xapi;

import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.xapi.delivery.DeliverySettings;
import io.learnpulse.xapi.delivery.LrsClient;
import io.learnpulse.xapi.delivery.RetryPolicy;
import io.learnpulse.xapi.delivery.StatementDispatcher;
import io.learnpulse.xapi.ops.ServerPortProbes;
import io.learnpulse.xapi.ops.XapiEndpoint;
import io.learnpulse.xapi.ops.XapiHealthIndicator;
import io.learnpulse.xapi.ops.XapiMetrics;
import io.learnpulse.xapi.pipeline.DeadLetters;
import io.learnpulse.xapi.pipeline.EmitterLoop;
import io.learnpulse.xapi.pipeline.LearnerMemory;
import io.learnpulse.xapi.pipeline.RecordProcessor;
import io.learnpulse.xapi.pipeline.Replay;
import io.learnpulse.xapi.statement.MappingOptions;
import io.learnpulse.xapi.statement.Vocabulary;
import io.learnpulse.xapi.statement.XapiMapper;
import io.learnpulse.xapi.tenant.LmsSyncTenantDirectory;
import io.learnpulse.xapi.tenant.PropertiesTenantDirectory;
import io.learnpulse.xapi.tenant.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Wires mapper, tenants, dispatcher, consumer loop, dead letters, replay, metrics and health. */
@Configuration(proxyBeanMethods = false)
class XapiConfiguration {

  @Bean
  XapiMapper xapiMapper(XapiProperties properties) {
    return new XapiMapper(
        new MappingOptions(
            properties.activityBase(),
            "experienced".equals(properties.challengeOpenedVerb())
                ? Vocabulary.EXPERIENCED
                : Vocabulary.ATTEMPTED,
            "LearnPulse"));
  }

  @Bean
  TenantDirectory tenantDirectory(XapiProperties properties) {
    return switch (properties.tenantSource()) {
      case "properties" -> new PropertiesTenantDirectory(properties);
      case "lms-sync" ->
          new LmsSyncTenantDirectory(
              properties.lmsSync().baseUrl(),
              properties.lmsSync().internalToken(),
              properties.lmsSync().cacheTtl(),
              properties.lmsSync().timeout());
      default ->
          throw new IllegalStateException(
              "learnpulse.xapi.tenant-source is properties or lms-sync, not "
                  + properties.tenantSource());
    };
  }

  @Bean
  XapiMetrics xapiMetrics(MeterRegistry registry) {
    return new XapiMetrics(registry);
  }

  @Bean(destroyMethod = "close")
  StatementDispatcher statementDispatcher(
      XapiProperties properties, XapiMetrics metrics, TenantDirectory tenants) {
    XapiProperties.Retry r = properties.retry();
    XapiProperties.Batch b = properties.batch();
    DeliverySettings settings =
        new DeliverySettings(
            b.size(),
            b.linger(),
            b.lanesPerTenant(),
            new RetryPolicy(r.initialBackoff(), r.maxBackoff(), r.multiplier(), r.budget()),
            r.authRetryInterval());
    StatementDispatcher dispatcher =
        new StatementDispatcher(
            settings,
            new LrsClient(r.connectTimeout(), r.requestTimeout(), Clock.systemUTC()),
            metrics,
            b.threads());
    tenants.all().forEach(t -> dispatcher.register(t.profile().tenantId(), t.endpoint()));
    metrics.bind(dispatcher);
    return dispatcher;
  }

  @Bean(destroyMethod = "close")
  Producer<String, byte[]> deadLetterProducer(KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "xapi-emitter-dlt");
    return new KafkaProducer<>(config);
  }

  @Bean
  DeadLetters deadLetters(Producer<String, byte[]> deadLetterProducer, XapiProperties properties) {
    return new DeadLetters(deadLetterProducer, properties.consumer().groupId());
  }

  @Bean
  ConsumerFactory xapiConsumers(KafkaProperties kafka, MeterRegistry registry) {
    return new ConsumerFactory(kafka, registry);
  }

  @Bean
  Function<LearnerMemory, RecordProcessor> recordProcessors(
      ConsumerFactory consumers,
      XapiMapper mapper,
      TenantDirectory tenants,
      StatementDispatcher dispatcher,
      DeadLetters deadLetters,
      XapiMetrics metrics) {
    return memory ->
        new RecordProcessor(
            consumers.valueDeserializer(),
            mapper,
            tenants,
            dispatcher,
            memory,
            deadLetters,
            metrics);
  }

  @Bean
  EmitterLoop emitterLoop(
      XapiProperties properties,
      ConsumerFactory consumers,
      Function<LearnerMemory, RecordProcessor> processors,
      StatementDispatcher dispatcher) {
    XapiProperties.Consumer c = properties.consumer();
    return new EmitterLoop(
        () -> consumers.consumer(c.groupId(), true),
        List.of(Topics.ACTIVITY.name(), Topics.TOPIC_STATUS.name()),
        processors.apply(new LearnerMemory(c.memoryRegistrations())),
        dispatcher,
        c.maxPending(),
        c.pollTimeout(),
        c.retryLaterPause());
  }

  @Bean
  XapiMetrics.LagBinding xapiLag(XapiMetrics metrics, EmitterLoop loop) {
    return metrics.bindLag(loop::lag);
  }

  @Bean
  EmitterLifecycle emitterLifecycle(EmitterLoop loop, XapiProperties properties) {
    return new EmitterLifecycle(loop, properties.consumer().autoStartup());
  }

  @Bean
  Replay replay(
      ConsumerFactory consumers,
      Function<LearnerMemory, RecordProcessor> processors,
      XapiProperties properties) {
    return new Replay(
        group -> consumers.consumer(group, false),
        processors,
        properties.consumer().memoryRegistrations(),
        Duration.ofMinutes(30));
  }

  @Bean
  XapiHealthIndicator xapiHealthIndicator(
      StatementDispatcher dispatcher, EmitterLoop loop, EmitterLifecycle lifecycle) {
    return new XapiHealthIndicator(dispatcher, loop, lifecycle::isRunning);
  }

  @Bean
  RouterFunction<ServerResponse> serverPortProbes(HealthEndpoint health) {
    return ServerPortProbes.routes(health);
  }

  @Bean
  XapiEndpoint xapiEndpoint(StatementDispatcher dispatcher, Replay replay) {
    return new XapiEndpoint(dispatcher, replay);
  }

  /** Makes the raw-bytes consumers of the loop and the replays, from spring.kafka.*. */
  static final class ConsumerFactory {
    private final KafkaProperties kafka;
    private final MeterRegistry registry;

    ConsumerFactory(KafkaProperties kafka, MeterRegistry registry) {
      this.kafka = kafka;
      this.registry = registry;
    }

    Consumer<String, byte[]> consumer(String groupId, boolean withMetrics) {
      Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
      config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      if (groupId == null) {
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
      } else {
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
      }
      if (!withMetrics) {
        return new KafkaConsumer<>(config);
      }
      return new MeteredConsumer(config, registry);
    }

    /** A consumer whose Kafka client meters leave the registry when it closes. */
    private static final class MeteredConsumer extends KafkaConsumer<String, byte[]> {
      private final KafkaClientMetrics metrics;

      MeteredConsumer(Map<String, Object> config, MeterRegistry registry) {
        super(config);
        metrics = new KafkaClientMetrics(this);
        metrics.bindTo(registry);
      }

      @Override
      public void close() {
        try {
          super.close();
        } finally {
          metrics.close();
        }
      }
    }

    Deserializer<Object> valueDeserializer() {
      Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
      config.putIfAbsent("specific.avro.reader", "true");
      AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
      deserializer.configure(config, false);
      return deserializer;
    }
  }
}
