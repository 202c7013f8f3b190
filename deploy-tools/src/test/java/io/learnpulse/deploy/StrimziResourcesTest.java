package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learnpulse.schemas.topics.Topics;
import io.strimzi.api.kafka.model.common.UnknownPropertyPreserving;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kafka} read with Strimzi's own API model ({@code io.strimzi:api}, the classes its
 * CRDs are generated from): every resource is of a version Strimzi serves as {@code v1}, binds to
 * the model without a field the model does not know (Strimzi keeps unknown fields aside instead of
 * failing, so the test looks for them), and with valid enums (ACL operations, resource and pattern
 * types, authentication types) — an invalid one fails the binding.
 */
class StrimziResourcesTest {

  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void topicsBindToStrimzisV1ModelWithoutUnknownFields() {
    assertThat(KafkaTopic.VERSIONS).contains("v1");
    List<JsonNode> topics = documents("topics.yaml");

    // every catalog topic, and the dead-letter topic of each that has one
    long expected =
        Topics.ALL.size()
            + Topics.ALL.stream().filter(t -> t.deadLetterTopic().isPresent()).count();
    assertThat(topics).hasSize((int) expected);
    for (JsonNode doc : topics) {
      assertThat(doc.path("apiVersion").asText()).isEqualTo(KafkaTopic.RESOURCE_GROUP + "/v1");
      KafkaTopic topic = bind(doc, KafkaTopic.class);
      assertThat(topic.getSpec().getTopicName()).startsWith("learnpulse.");
      assertThat(topic.getSpec().getPartitions()).isPositive();
      assertThat(topic.getSpec().getReplicas()).isPositive();
      assertThat(unknownFields(topic)).as(topic.getMetadata().getName()).isEmpty();
    }
  }

  @Test
  void usersBindToStrimzisV1ModelWithScramAndSimpleAcls() {
    assertThat(KafkaUser.VERSIONS).contains("v1");
    List<JsonNode> users = documents("users.yaml");

    assertThat(users).hasSize(4);
    for (JsonNode doc : users) {
      assertThat(doc.path("apiVersion").asText()).isEqualTo(KafkaUser.RESOURCE_GROUP + "/v1");
      KafkaUser user = bind(doc, KafkaUser.class);
      assertThat(user.getSpec().getAuthentication())
          .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
      assertThat(user.getSpec().getAuthorization())
          .isInstanceOf(KafkaUserAuthorizationSimple.class);
      assertThat(((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls())
          .isNotEmpty();
      assertThat(unknownFields(user)).as(user.getMetadata().getName()).isEmpty();
      assertThat(invalidAcls(user)).as(user.getMetadata().getName()).isEmpty();
    }
  }

  @Test
  void aMisspeltFieldOrAnInvalidOperationIsCaught() {
    JsonNode user = documents("users.yaml").get(0).deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) user.path("spec"))
        .put("authorisation", "typo");
    JsonNode badOperation = documents("users.yaml").get(0).deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode)
            badOperation.at("/spec/authorization/acls/0/operations"))
        .add("Erase");

    assertThat(unknownFields(bind(user, KafkaUser.class))).containsExactly("spec.authorisation");
    assertThat(invalidAcls(bind(badOperation, KafkaUser.class))).containsExactly("acls[0]");
  }

  /**
   * ACLs whose operations or resource the model could not read (Strimzi maps unknown enums to
   * null).
   */
  static List<String> invalidAcls(KafkaUser user) {
    List<String> invalid = new ArrayList<>();
    List<AclRule> acls =
        ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    for (int i = 0; i < acls.size(); i++) {
      AclRule acl = acls.get(i);
      if (acl.getResource() == null
          || acl.getOperations() == null
          || acl.getOperations().isEmpty()
          || acl.getOperations().contains(null)
          || acl.getType() == null) {
        invalid.add("acls[" + i + "]");
      }
    }
    return invalid;
  }

  private static List<JsonNode> documents(String file) {
    return DeployFixtures.documents(DEPLOY.resolve("kafka").resolve(file));
  }

  private <T> T bind(JsonNode doc, Class<T> type) {
    try {
      return mapper.treeToValue(doc, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /** Paths of the fields the Strimzi model kept aside as unknown, anywhere in {@code root}. */
  static List<String> unknownFields(Object root) {
    List<String> unknown = new ArrayList<>();
    walk(root, "", unknown, new IdentityHashMap<>());
    return unknown;
  }

  private static void walk(
      Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
    if (value == null || seen.put(value, Boolean.TRUE) != null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (!value.getClass().getName().startsWith("io.strimzi.")) {
      return;
    }
    if (value instanceof UnknownPropertyPreserving preserving
        && preserving.getAdditionalProperties() != null) {
      preserving
          .getAdditionalProperties()
          .keySet()
          .forEach(k -> unknown.add(path.isEmpty() ? k : path + "." + k));
    }
    for (Method getter : value.getClass().getMethods()) {
      String name = getter.getName();
      if (getter.getParameterCount() == 0
          && !Modifier.isStatic(getter.getModifiers())
          && name.startsWith("get")
          && !Set.of("getClass", "getAdditionalProperties", "getStatus").contains(name)) {
        try {
          String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
          walk(getter.invoke(value), path.isEmpty() ? field : path + "." + field, unknown, seen);
        } catch (ReflectiveOperationException | RuntimeException e) {
          // A derived getter that needs state the resource does not have: not a field.
        }
      }
    }
  }
}
