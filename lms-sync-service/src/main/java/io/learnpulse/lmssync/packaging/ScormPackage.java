package io.learnpulse.lmssync.packaging;

import io.learnpulse.lmssync.scorm.ScormVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A SCORM content package for one topic of one assignment: {@code imsmanifest.xml} for the SCORM
 * version, {@code index.html} carrying the signed launch descriptor and lms-sync's URL, and {@code
 * bridge.js}. One organization, one item, one SCO. The package names neither learner nor cohort, so
 * one package serves every cohort of the assignment.
 *
 * <ul>
 *   <li>SCORM 1.2: IMS CP 1.1.2 ({@code imscp_rootv1p1p2}) with {@code adlcp_rootv1p2}, {@code
 *       schemaversion} 1.2, {@code adlcp:scormtype="sco"} and no {@code adlcp:masteryscore} (it
 *       would let the LMS override {@code lesson_status} from the score, while LearnPulse decides
 *       the status under the assignment's completion policy).
 *   <li>SCORM 2004 3rd / 4th edition: IMS CP 1.1 ({@code imscp_v1p1}) with {@code adlcp_v1p3},
 *       {@code adlseq_v1p3}, {@code adlnav_v1p3} and {@code imsss}, {@code schemaversion} {@code
 *       2004 3rd Edition} / {@code 2004 4th Edition}, {@code adlcp:scormType="sco"}, and delivery
 *       controls saying the content sets completion and success itself.
 * </ul>
 *
 * <p>No XSD files are shipped: the manifest names no {@code xsi:schemaLocation}, which the content
 * packaging specifications make optional.
 *
 * @param version SCORM version of the manifest and of the run-time API the bridge uses
 * @param tenantId tenant (for the identifiers)
 * @param assignmentId assignment (for the identifiers and the title)
 * @param topicId topic the package delivers
 * @param descriptor signed launch descriptor
 * @param lmsSyncUrl lms-sync-service's URL as learners' browsers reach it
 * @param bridgeJs the bridge script
 */
public record ScormPackage(
    ScormVersion version,
    String tenantId,
    String assignmentId,
    String topicId,
    String descriptor,
    URI lmsSyncUrl,
    String bridgeJs) {

  /** Seconds between keep-alive Commits while the learner is on the page. */
  public static final int KEEP_ALIVE_SECONDS = 30;

  /** Namespaces of the 1.2 manifest. */
  public static final String IMSCP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";

  public static final String ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2";

  /** Namespaces of the 2004 manifests. */
  public static final String IMSCP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1";

  public static final String ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3";
  public static final String ADLSEQ_2004 = "http://www.adlnet.org/xsd/adlseq_v1p3";
  public static final String ADLNAV_2004 = "http://www.adlnet.org/xsd/adlnav_v1p3";
  public static final String IMSSS_2004 = "http://www.imsglobal.org/xsd/imsss";

  /** Validates the parts. */
  public ScormPackage {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(assignmentId, "assignmentId");
    Objects.requireNonNull(topicId, "topicId");
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(lmsSyncUrl, "lmsSyncUrl");
    Objects.requireNonNull(bridgeJs, "bridgeJs");
  }

  /** The {@code schemaversion} of the manifest. */
  public String schemaVersion() {
    return switch (version) {
      case SCORM_12 -> "1.2";
      case SCORM_2004_3RD -> "2004 3rd Edition";
      case SCORM_2004_4TH -> "2004 4th Edition";
    };
  }

  /** The file name to offer the download under. */
  public String fileName() {
    return safeFileName(assignmentId + "-" + topicId + "-" + version.name().toLowerCase()) + ".zip";
  }

  /** The package's files, in the order they are zipped. */
  public Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("imsmanifest.xml", manifest());
    files.put("index.html", indexHtml());
    files.put("bridge.js", bridgeJs);
    return files;
  }

  /** The zip. */
  public byte[] zip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> file : files().entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a package in memory", e);
    }
    return bytes.toByteArray();
  }

  /** {@code imsmanifest.xml}. */
  public String manifest() {
    String id = ncName("learnpulse-" + tenantId + "-" + assignmentId + "-" + topicId);
    String title = xml("LearnPulse " + assignmentId + " / " + topicId);
    StringBuilder out = new StringBuilder(2048);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if (version.is2004()) {
      out.append("<manifest identifier=\"")
          .append(id)
          .append("\" version=\"1\"\n")
          .append("    xmlns=\"" + IMSCP_2004 + "\"\n")
          .append("    xmlns:adlcp=\"" + ADLCP_2004 + "\"\n")
          .append("    xmlns:adlseq=\"" + ADLSEQ_2004 + "\"\n")
          .append("    xmlns:adlnav=\"" + ADLNAV_2004 + "\"\n")
          .append("    xmlns:imsss=\"" + IMSSS_2004 + "\">\n");
    } else {
      out.append("<manifest identifier=\"")
          .append(id)
          .append("\" version=\"1.0\"\n")
          .append("    xmlns=\"" + IMSCP_12 + "\"\n")
          .append("    xmlns:adlcp=\"" + ADLCP_12 + "\">\n");
    }
    out.append("  <metadata>\n")
        .append("    <schema>ADL SCORM</schema>\n")
        .append("    <schemaversion>")
        .append(schemaVersion())
        .append("</schemaversion>\n")
        .append("  </metadata>\n")
        .append("  <organizations default=\"org\">\n")
        .append("    <organization identifier=\"org\">\n")
        .append("      <title>")
        .append(title)
        .append("</title>\n")
        .append("      <item identifier=\"item\" identifierref=\"sco\" isvisible=\"true\">\n")
        .append("        <title>")
        .append(title)
        .append("</title>\n");
    if (version.is2004()) {
      out.append("        <imsss:sequencing>\n")
          .append("          <imsss:deliveryControls completionSetByContent=\"true\"")
          .append(" objectiveSetByContent=\"true\"/>\n")
          .append("        </imsss:sequencing>\n");
    }
    out.append("      </item>\n")
        .append("    </organization>\n")
        .append("  </organizations>\n")
        .append("  <resources>\n")
        .append("    <resource identifier=\"sco\" type=\"webcontent\" ")
        .append(version.is2004() ? "adlcp:scormType" : "adlcp:scormtype")
        .append("=\"sco\" href=\"index.html\">\n")
        .append("      <file href=\"index.html\"/>\n")
        .append("      <file href=\"bridge.js\"/>\n")
        .append("    </resource>\n")
        .append("  </resources>\n")
        .append("</manifest>\n");
    return out.toString();
  }

  /** {@code index.html}: the bridge's page, with its configuration as JSON. */
  public String indexHtml() {
    String config =
        "{\"descriptor\":"
            + json(descriptor)
            + ",\"lmsSyncUrl\":"
            + json(stripTrailingSlash(lmsSyncUrl.toString()))
            + ",\"scormVersion\":"
            + json(version.name())
            + ",\"keepAliveSeconds\":"
            + KEEP_ALIVE_SECONDS
            + "}";
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="X-UA-Compatible" content="IE=edge">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s</title>
        <style>
        html, body { margin: 0; height: 100%%; overflow: hidden; }
        #learnpulse-status { font-family: sans-serif; padding: 1em; }
        #learnpulse-player { border: 0; width: 100%%; height: 100%%; display: block; }
        </style>
        </head>
        <body>
        <div id="learnpulse-status" role="status">Connecting to your training&#8230;</div>
        <script type="application/json" id="learnpulse-config">%s</script>
        <script src="bridge.js"></script>
        </body>
        </html>
        """
        .formatted(xml(topicId), config);
  }

  /** An NCName (XML id): other characters become {@code _}, a leading non-letter gets a prefix. */
  static String ncName(String text) {
    StringBuilder out = new StringBuilder(text.length() + 1);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      out.append(ok ? c : '_');
    }
    char first = out.length() == 0 ? '0' : out.charAt(0);
    if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first == '_')) {
      out.insert(0, "id_");
    }
    return out.toString();
  }

  /** Text and attribute values escaped for XML and HTML. */
  static String xml(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A JSON string literal that is also safe inside an HTML {@code script} element ({@code <},
   * {@code >} and {@code &} as Unicode escapes).
   */
  static String json(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String safeFileName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
