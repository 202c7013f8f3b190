package io.learnpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The custom Micrometer meters each service registers, read from its sources: the first argument of
 * {@code Counter/Timer/Gauge/...builder(...)}, of a {@code registry.counter(...)}-style shortcut,
 * or of a service's own {@code counter/timer/gauge/summary(name, ...)} helper, as a literal or a
 * {@code static final String} constant. The naming convention is {@code
 * learnpulse.<service>.<what>} ({@link #SERVICES}); Prometheus shows it as {@code
 * learnpulse_<service>_<what>} plus the unit and {@code _total} suffixes.
 */
final class MeterInventory {

  /** Module → its segment in meter names. */
  static final Map<String, String> SERVICES = new LinkedHashMap<>();

  static {
    SERVICES.put("ingest-service", "ingest");
    SERVICES.put("scoring-service", "scoring");
    SERVICES.put("lms-sync-service", "lms-sync");
    SERVICES.put("xapi-emitter", "xapi");
  }

  /** Suffixes Micrometer's Prometheus registry appends to a meter's name. */
  static final List<String> PROMETHEUS_SUFFIXES =
      List.of(
          "",
          "_total",
          "_seconds",
          "_seconds_count",
          "_seconds_sum",
          "_seconds_bucket",
          "_seconds_max");

  private static final String NAME = "(\"[^\"]*\"|[A-Z][A-Z0-9_]*)";
  private static final Pattern BUILDER =
      Pattern.compile(
          "\\b(?:Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter"
              + "|FunctionTimer|TimeGauge)\\.builder\\(\\s*"
              + NAME);
  private static final Pattern SHORTCUT =
      Pattern.compile("\\b\\w*[rR]egistry\\.(?:counter|timer|gauge|summary)\\(\\s*" + NAME);
  private static final Pattern HELPER =
      Pattern.compile("(?<![.\\w])(?:counter|timer|gauge|summary)\\(\\s*" + NAME + "\\s*,");
  private static final Pattern CONSTANT =
      Pattern.compile("static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");

  private MeterInventory() {}

  /** Module → the meter names its main sources register. */
  static Map<String, Set<String>> of(Path repo) {
    Map<String, Set<String>> inventory = new LinkedHashMap<>();
    for (String module : SERVICES.keySet()) {
      Set<String> names = new TreeSet<>();
      try (Stream<Path> files = Files.walk(repo.resolve(module).resolve("src/main/java"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          names.addAll(meters(Files.readString(file)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      inventory.put(module, names);
    }
    return inventory;
  }

  /** The meter names registered in one source file. */
  static Set<String> meters(String source) {
    Map<String, String> constants = new HashMap<>();
    Matcher constant = CONSTANT.matcher(source);
    while (constant.find()) {
      constants.put(constant.group(1), constant.group(2));
    }
    Set<String> names = new TreeSet<>();
    for (Pattern call : List.of(BUILDER, SHORTCUT, HELPER)) {
      Matcher meter = call.matcher(source);
      while (meter.find()) {
        String argument = meter.group(1);
        String name =
            argument.startsWith("\"")
                ? argument.substring(1, argument.length() - 1)
                : constants.get(argument);
        if (name != null) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** The convention for {@code module}'s meters: {@code learnpulse.<service>.<what>}. */
  static Pattern convention(String module) {
    return Pattern.compile(
        "learnpulse\\." + Pattern.quote(SERVICES.get(module)) + "(\\.[a-z0-9]+(-[a-z0-9]+)*)+");
  }

  /** The same in Prometheus form: {@code learnpulse_<service>_...}. */
  static String prometheusPrefix(String module) {
    return "learnpulse_" + SERVICES.get(module).replace('-', '_') + "_";
  }

  /** A meter name as Prometheus shows it, before the unit and type suffixes. */
  static String prometheus(String meter) {
    return meter.replace('.', '_').replace('-', '_');
  }
}
