package io.learnpulse.infra.registry;

/**
 * One version of a subject.
 *
 * @param subject the subject
 * @param version the version within the subject, from 1
 * @param id the global schema id
 * @param schema the schema text (Avro's normalized JSON of the parsed schema)
 */
public record RegisteredSchema(String subject, int version, int id, String schema) {}
