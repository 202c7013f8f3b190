package io.learnpulse.xapi;

import io.learnpulse.schemas.net.OutboundUrlPolicy;
import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.xapi.delivery.DeliverySettings;
import io.learnpulse.xapi.delivery.LrsClient;
import io.learnpulse.xapi.delivery.RetryPolicy;
import io.learnpulse.xapi.delivery.StatementDispatcher;
import io.learnpulse.xapi.ops.ActionTokenFilter;
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
import io.learnpulse.xapi.tenant.TenantRefresher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires mapper, tenants, dispatcher, consumer loop, dead letters, replay, metrics and health. */
@Configuration(proxyBeanMethods = false)
class XapiConfiguration {

  @Bean
  XapiMapper xapiMapper(XapiProperties properties) {
    return new XapiMapper(
        new MappingOptions(
            properties.activityBase(),
            switch (properties.challengeOpenedVerb()) {
              case EXPERIENCED -> Vocabulary.EXPERIENCED;
              case ATTEMPTED -> Vocabulary.ATTEMPTED;
            },
            "LearnPulse"));
  }

  @Bean
  TenantDirectory tenantDirectory(XapiProperties properties) {
    return switch (properties.tenantSource()) {
      case PROPERTIES -> new PropertiesTenantDirectory(properties);
      case LMS_SYNC ->
          new LmsSyncTenantDirectory(
              properties.lmsSync().baseUrl(),
              properties.lmsSync().internalToken(),
              properties.lmsSync().cacheTtl(),
              properties.lmsSync().timeout());
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
            r.authRetryInterval(),
            properties.budget().backlog(),
            properties.budget().parkAfter());
    StatementDispatcher dispatcher =
        new StatementDispatcher(
            settings,
            new LrsClient(
                r.connectTimeout(),
                r.requestTimeout(),
                r.maxAnswerBytes(),
                OutboundUrlPolicy.allowing(properties.outbound().allow()),
                resolverPool(),
                Clock.systemUTC()),
            metrics,
            b.threads());
    tenants.all().forEach(t -> dispatcher.register(t.profile().tenantId(), t.endpoint()));
    metrics.bind(dispatcher);
    return dispatcher;
  }

  /** Name resolution of LRS hosts (blocking in the JDK), off the delivery threads. */
  private static java.util.concurrent.ExecutorService resolverPool() {
    AtomicInteger count = new AtomicInteger();
    return new java.util.concurrent.ThreadPoolExecutor(
        0,
        16,
        30,
        java.util.concurrent.TimeUnit.SECONDS,
        new java.util.concurrent.SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "xapi-resolve-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
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

  @Bean(destroyMethod = "close")
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
  ActionTokenFilter xapiActionTokenFilter(XapiProperties properties) {
    return new ActionTokenFilter(properties.managementToken());
  }

  @Bean(destroyMethod = "shutdownNow")
  java.util.concurrent.ScheduledExecutorService tenantRefresh(
      XapiProperties properties, TenantDirectory tenants, StatementDispatcher dispatcher) {
    java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "xapi-tenant-refresh");
              t.setDaemon(true);
              return t;
            });
    long every = properties.tenantRefreshInterval().toMillis();
    timer.scheduleWithFixedDelay(
        new TenantRefresher(tenants, dispatcher),
        every,
        every,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    return timer;
  }

  @Bean
  XapiEndpoint xapiEndpoint(StatementDispatcher dispatcher, Replay replay) {
    return new XapiEndpoint(dispatcher, replay);
  }

  /** Makes the raw-bytes consumers of the loop and the replays, from spring.kafka.*. */
  static final class ConsumerFactory {
    private final KafkaProperties kafka;
    private final MeterRegistry registry;
    private KafkaClientMetrics loopMetrics;

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
      KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
      if (withMetrics) {
        bindMetrics(consumer);
      }
      return consumer;
    }

    /**
     * Binds the Kafka client's own meters of the loop's consumer (composition, no subclass); the
     * meters of the consumer it replaces (after a loop restart) leave the registry.
     */
    private synchronized void bindMetrics(KafkaConsumer<String, byte[]> consumer) {
      if (loopMetrics != null) {
        loopMetrics.close();
      }
      loopMetrics = new KafkaClientMetrics(consumer);
      loopMetrics.bindTo(registry);
    }

    /** Removes the consumer meters. */
    synchronized void close() {
      if (loopMetrics != null) {
        loopMetrics.close();
        loopMetrics = null;
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
