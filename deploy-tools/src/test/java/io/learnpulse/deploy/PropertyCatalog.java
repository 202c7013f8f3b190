package io.learnpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service binds: Spring Boot's own properties (its configuration
 * metadata on the test classpath), the service's {@code @ConfigurationProperties} record (read from
 * its source, nested records and maps followed), and the {@code ${NAME}} placeholders of its {@code
 * application.yml}. Names are matched as Spring Boot's relaxed binding maps environment variables:
 * {@code learnpulse.lms-sync.bridge.public-url} binds {@code LEARNPULSE_LMSSYNC_BRIDGE_PUBLICURL}
 * and {@code LEARNPULSE_LMS_SYNC_BRIDGE_PUBLIC_URL}.
 */
final class PropertyCatalog {

  /** Variables the JVM itself reads. */
  private static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS");

  private static final Pattern CONFIGURATION_PROPERTIES =
      Pattern.compile("@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*)?\"([^\"]+)\"");
  private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(");
  private static final Pattern ANNOTATION =
      Pattern.compile("@[\\w.]+(\\s*\\((?:[^()\"]|\"[^\"]*\"|\\([^()]*\\))*\\))?");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

  private final Set<String> exact = new TreeSet<>();
  private final Set<String> prefixes = new TreeSet<>();
  private final Set<String> variables = new TreeSet<>(JVM);

  private PropertyCatalog() {}

  /** What the service in module directory {@code module} binds. */
  static PropertyCatalog of(Path module) {
    PropertyCatalog catalog = new PropertyCatalog();
    catalog.addSpringMetadata();
    try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher prefix = CONFIGURATION_PROPERTIES.matcher(source);
        if (prefix.find() && RECORD.matcher(source).find()) {
          catalog.addRecord(source, prefix.group(1));
        }
      }
      Path yml = module.resolve("src/main/resources/application.yml");
      if (Files.exists(yml)) {
        Matcher placeholder = PLACEHOLDER.matcher(Files.readString(yml));
        while (placeholder.find()) {
          catalog.variables.add(placeholder.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return catalog;
  }

  /** Whether the environment variable {@code name} binds to something. */
  boolean binds(String name) {
    if (variables.contains(name)) {
      return true;
    }
    for (String property : exact) {
      if (envForms(property).contains(name)) {
        return true;
      }
    }
    for (String prefix : prefixes) {
      for (String form : envForms(prefix)) {
        if (name.startsWith(form + "_")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The service's own properties ({@code learnpulse.*}) and placeholders, for messages. */
  Set<String> properties() {
    Set<String> own = new TreeSet<>(variables);
    exact.stream().filter(p -> p.startsWith("learnpulse.")).forEach(own::add);
    prefixes.stream().filter(p -> p.startsWith("learnpulse.")).forEach(p -> own.add(p + ".*"));
    return own;
  }

  private static List<String> envForms(String property) {
    String upper =
        property.toUpperCase(Locale.ROOT).replace('.', '_').replace("[", "").replace("]", "");
    return List.of(upper.replace("-", ""), upper.replace('-', '_'));
  }

  private void addSpringMetadata() {
    try {
      Enumeration<URL> files =
          getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
      while (files.hasMoreElements()) {
        try (InputStream in = files.nextElement().openStream()) {
          for (JsonNode property : DeployFixtures.JSON.readTree(in).path("properties")) {
            String name = property.path("name").asText();
            String type = property.path("type").asText();
            if (type.startsWith("java.util.Map")) {
              prefixes.add(name);
            } else {
              exact.add(name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void addRecord(String source, String prefix) {
    Map<String, List<String[]>> records = new HashMap<>();
    Matcher record = RECORD.matcher(source);
    String first = null;
    while (record.find()) {
      String name = record.group(1);
      first = first == null ? name : first;
      records.put(name, components(source, record.end() - 1));
    }
    addComponents(records, records.get(first), prefix);
  }

  private void addComponents(
      Map<String, List<String[]>> records, List<String[]> components, String prefix) {
    for (String[] component : components) {
      String type = component[0];
      String property = prefix + "." + kebab(component[1]);
      String simpleType = type.replaceAll("<.*", "");
      if (records.containsKey(simpleType)) {
        addComponents(records, records.get(simpleType), property);
      } else if (simpleType.equals("Map")) {
        prefixes.add(property);
      } else {
        exact.add(property);
      }
    }
  }

  /** The record components of the parameter list opening at {@code open}: type and name. */
  private static List<String[]> components(String source, int open) {
    int depth = 0;
    int end = open;
    for (int i = open; i < source.length(); i++) {
      char c = source.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth == 0) {
        end = i;
        break;
      }
    }
    String list = ANNOTATION.matcher(source.substring(open + 1, end)).replaceAll(" ");
    List<String[]> components = new ArrayList<>();
    int angle = 0;
    StringBuilder current = new StringBuilder();
    for (char c : (list + ",").toCharArray()) {
      angle += c == '<' ? 1 : c == '>' ? -1 : 0;
      if (c == ',' && angle == 0) {
        String[] words = current.toString().trim().split("\\s+");
        if (words.length >= 2) {
          String name = words[words.length - 1];
          String type = String.join("", List.of(words).subList(0, words.length - 1));
          components.add(new String[] {type, name});
        }
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    return components;
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
