// docs/analytics.md's worked example, as the analyst would run it (brokers, registry and topic from
// the environment; no TLS/SASL against the test broker). AnalyticsExampleIT runs it against a topic
// written in Kafka transactions and checks that it prints the committed records and stops.
import { Kafka, logLevel } from "kafkajs";
import { SchemaRegistryClient, AvroDeserializer, SerdeType } from "@confluentinc/schemaregistry";

const topic = process.env.TOPIC;
const groupId = `analytics-${Date.now()}`;
const kafka = new Kafka({ brokers: process.env.BROKERS.split(","), logLevel: logLevel.NOTHING });
const registry = new SchemaRegistryClient({ baseURLs: [process.env.REGISTRY] });
const values = new AvroDeserializer(registry, SerdeType.VALUE, {});

// "The end": kafkajs never hands over the transaction markers, and on a partition ending in markers
// (an aborted or just-committed transaction) neither the last record's offset nor the group's
// committed offset reaches the end offset: a loop waiting for that hangs (AnalyticsExampleIT saw it).
// Stop instead once the consumer has fetched and no record came for IDLE_MS.
const idleMs = Number(process.env.IDLE_MS ?? 5000);
const consumer = kafka.consumer({ groupId, readUncommitted: false });
let fetched = false;
let lastRecordAt = Date.now();
consumer.on(consumer.events.FETCH, () => {
  fetched = true;
});

await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    lastRecordAt = Date.now();
    const status = message.value === null ? null : await values.deserialize(topic, message.value);
    // Keys are strings; a null value is a tombstone; longs may be BigInt: printed as strings.
    console.log(JSON.stringify({ key: message.key.toString(), offset: message.offset, status },
      (_, v) => (typeof v === "bigint" ? v.toString() : v)));
  },
});
setInterval(async () => {
  if (fetched && Date.now() - lastRecordAt > idleMs) {
    await consumer.disconnect();
    process.exit(0);
  }
}, 500);
