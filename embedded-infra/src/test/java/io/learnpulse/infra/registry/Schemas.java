package io.learnpulse.infra.registry;

/** Avro schemas shared by the registry tests. */
final class Schemas {

  private Schemas() {}

  /** version 1: id and name. */
  static final String USER_V1 =
      """
      {"type":"record","name":"User","namespace":"io.learnpulse.test","fields":[
        {"name":"id","type":"string"},
        {"name":"name","type":"string"}]}
      """;

  /** USER_V1 with different whitespace and attribute order. */
  static final String USER_V1_REFORMATTED =
      """
      {"namespace":"io.learnpulse.test", "name":"User", "type":"record",
       "fields":[{"type":"string","name":"id"},{"type":"string","name":"name"}]}
      """;

  /** Adds an optional field with a default: backward and forward compatible with v1. */
  static final String USER_V2 =
      """
      {"type":"record","name":"User","namespace":"io.learnpulse.test","fields":[
        {"name":"id","type":"string"},
        {"name":"name","type":"string"},
        {"name":"email","type":["null","string"],"default":null}]}
      """;

  /** Adds a required field without a default: not backward compatible. */
  static final String USER_REQUIRED_AGE =
      """
      {"type":"record","name":"User","namespace":"io.learnpulse.test","fields":[
        {"name":"id","type":"string"},
        {"name":"name","type":"string"},
        {"name":"age","type":"int"}]}
      """;

  /** Drops "name" (which has no default): backward compatible, not forward compatible. */
  static final String USER_WITHOUT_NAME =
      """
      {"type":"record","name":"User","namespace":"io.learnpulse.test","fields":[
        {"name":"id","type":"string"}]}
      """;

  /** Another record entirely. */
  static final String COURSE =
      """
      {"type":"record","name":"Course","namespace":"io.learnpulse.test","fields":[
        {"name":"code","type":"string"}]}
      """;

  /** Not a valid Avro schema (unknown type). */
  static final String INVALID =
      "{\"type\":\"record\",\"name\":\"Bad\",\"fields\":[{\"name\":\"x\",\"type\":\"nosuchtype\"}]}";
}
