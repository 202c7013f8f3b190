package io.learnpulse.deploy;

import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.registry.SchemaRegistryException;
import io.learnpulse.schemas.registry.SchemaRegistryUnavailableException;
import io.learnpulse.schemas.topics.CatalogSchemas;
import java.io.PrintStream;
import java.util.Map;

/**
 * The deploy-time commands of the {@code learnpulse/deploy-tools} image. {@code register-schemas}
 * registers every value schema of the topic catalog in the registry named by {@value
 * #REGISTRY_URL_ENV}: the schema-registration Job (Kubernetes) and the {@code schemas} service
 * (Compose) run it before the services, which run with auto-registration off.
 */
public final class DeployTools {

  /** The environment variable naming the Confluent-API schema registry. */
  public static final String REGISTRY_URL_ENV = "SCHEMA_REGISTRY_URL";

  /** The command that registers the catalog's schemas. */
  public static final String REGISTER_SCHEMAS = "register-schemas";

  private DeployTools() {}

  /** Runs the command in {@code args} and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs a command: 0 when done, 1 when the registry refused or could not be reached (the Job
   * retries), 2 on a usage error.
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length != 1 || !REGISTER_SCHEMAS.equals(args[0])) {
      err.println(
          "usage: deploy-tools "
              + REGISTER_SCHEMAS
              + " (registry URL in "
              + REGISTRY_URL_ENV
              + ")");
      return 2;
    }
    String url = env.get(REGISTRY_URL_ENV);
    if (url == null || url.isBlank()) {
      err.println(REGISTRY_URL_ENV + " is not set: it names the schema registry to register in");
      return 2;
    }
    try {
      Map<String, Integer> ids = CatalogSchemas.registerAll(RestSchemaRegistryClient.of(url));
      ids.forEach((subject, id) -> out.println("registered " + subject + " as schema id " + id));
      out.println(ids.size() + " subjects registered in " + url);
      return 0;
    } catch (SchemaRegistryException | SchemaRegistryUnavailableException e) {
      err.println("schema registration in " + url + " failed: " + e.getMessage());
      return 1;
    }
  }
}
