// Drives Confluent's official JavaScript schema registry client against a registry, for the
// interoperability tests (RegistryInteropIT). Prints one JSON line with the result.
//   register <url> <subject> <schema-json>      register, then read back by id, latest, subjects
//   decode   <url> <topic>   <base64>           decode a Confluent-wire-format value
//   encode   <url> <topic>   <value-json>       encode a value with the subject's latest schema
import { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer } from '@confluentinc/schemaregistry';

const [, , command, url, name, arg] = process.argv;
const client = new SchemaRegistryClient({ baseURLs: [url] });
const json = (value) =>
  JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? Number(v) : Buffer.isBuffer(v) ? v.toString('base64') : v));

async function main() {
  switch (command) {
    case 'register': {
      const id = await client.register(name, { schemaType: 'AVRO', schema: arg }, false);
      const byId = await client.getBySubjectAndId(name, id);
      const latest = await client.getLatestSchemaMetadata(name);
      const subjects = await client.getAllSubjects();
      return { id, byId: byId.schema, latestId: latest.id, latestVersion: latest.version, subjects };
    }
    case 'decode': {
      const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
      return { value: await deserializer.deserialize(name, Buffer.from(arg, 'base64')) };
    }
    case 'encode': {
      const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false });
      const bytes = await serializer.serialize(name, JSON.parse(arg));
      return { base64: bytes.toString('base64') };
    }
    default:
      throw new Error(`unknown command ${command}`);
  }
}

main()
  .then((result) => {
    process.stdout.write(json(result) + '\n');
    process.exit(0);
  })
  .catch((error) => {
    process.stdout.write(json({ error: String(error && error.message ? error.message : error) }) + '\n');
    process.exit(1);
  });
