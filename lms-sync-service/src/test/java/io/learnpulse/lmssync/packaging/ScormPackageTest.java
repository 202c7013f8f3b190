package io.learnpulse.lmssync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.lmssync.scorm.ScormVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ScormPackageTest {

  private static final String DESCRIPTOR = "eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJhY21lIn0.c2ln";

  @ParameterizedTest
  @EnumSource(ScormVersion.class)
  void zipHoldsTheManifestThePageAndTheBridge(ScormVersion version) throws Exception {
    Map<String, String> entries = unzip(scormPackage(version).zip());

    assertThat(entries).containsOnlyKeys("imsmanifest.xml", "index.html", "bridge.js");
    assertThat(entries.get("bridge.js")).isEqualTo(PackageController.bridgeJs());
    assertThat(entries.get("bridge.js")).contains("API_1484_11").contains("LMSInitialize");
  }

  @ParameterizedTest
  @EnumSource(ScormVersion.class)
  void manifestIsWellFormedWithOneOrganizationItemAndSco(ScormVersion version) throws Exception {
    Document manifest = parse(scormPackage(version).manifest());
    Element root = manifest.getDocumentElement();
    String cp = version.is2004() ? ScormPackage.IMSCP_2004 : ScormPackage.IMSCP_12;

    assertThat(root.getLocalName()).isEqualTo("manifest");
    assertThat(root.getNamespaceURI()).isEqualTo(cp);
    assertThat(root.getAttribute("identifier")).matches("[A-Za-z_][A-Za-z0-9._-]*");
    assertThat(text(manifest, cp, "schema")).isEqualTo("ADL SCORM");
    assertThat(manifest.getElementsByTagNameNS(cp, "organizations").getLength()).isEqualTo(1);
    assertThat(manifest.getElementsByTagNameNS(cp, "organization").getLength()).isEqualTo(1);
    NodeList items = manifest.getElementsByTagNameNS(cp, "item");
    assertThat(items.getLength()).isEqualTo(1);
    NodeList resources = manifest.getElementsByTagNameNS(cp, "resource");
    assertThat(resources.getLength()).isEqualTo(1);
    Element resource = (Element) resources.item(0);
    assertThat(((Element) items.item(0)).getAttribute("identifierref"))
        .isEqualTo(resource.getAttribute("identifier"));
    assertThat(resource.getAttribute("href")).isEqualTo("index.html");
    assertThat(resource.getAttribute("type")).isEqualTo("webcontent");
    Element organizations = (Element) manifest.getElementsByTagNameNS(cp, "organizations").item(0);
    assertThat(organizations.getAttribute("default"))
        .isEqualTo(
            ((Element) manifest.getElementsByTagNameNS(cp, "organization").item(0))
                .getAttribute("identifier"));
    NodeList files = resource.getElementsByTagNameNS(cp, "file");
    assertThat(files.getLength()).isEqualTo(2);
  }

  @Test
  void scorm12ManifestUsesAdlcpRootV1p2AndNoMasteryScore() throws Exception {
    String xml = scormPackage(ScormVersion.SCORM_12).manifest();
    Document manifest = parse(xml);
    Element resource =
        (Element) manifest.getElementsByTagNameNS(ScormPackage.IMSCP_12, "resource").item(0);

    assertThat(text(manifest, ScormPackage.IMSCP_12, "schemaversion")).isEqualTo("1.2");
    assertThat(resource.getAttributeNS(ScormPackage.ADLCP_12, "scormtype")).isEqualTo("sco");
    assertThat(manifest.getElementsByTagNameNS(ScormPackage.ADLCP_12, "masteryscore").getLength())
        .isZero();
    assertThat(xml).doesNotContain("masteryscore").doesNotContain("adlcp_v1p3");
  }

  @ParameterizedTest
  @EnumSource(
      value = ScormVersion.class,
      names = {"SCORM_2004_3RD", "SCORM_2004_4TH"})
  void scorm2004ManifestsNameTheirEditionAndTheV1p3Namespaces(ScormVersion version)
      throws Exception {
    Document manifest = parse(scormPackage(version).manifest());
    Element root = manifest.getDocumentElement();
    Element resource =
        (Element) manifest.getElementsByTagNameNS(ScormPackage.IMSCP_2004, "resource").item(0);

    assertThat(text(manifest, ScormPackage.IMSCP_2004, "schemaversion"))
        .isEqualTo(
            version == ScormVersion.SCORM_2004_3RD ? "2004 3rd Edition" : "2004 4th Edition");
    assertThat(root.lookupNamespaceURI("adlcp")).isEqualTo(ScormPackage.ADLCP_2004);
    assertThat(root.lookupNamespaceURI("adlseq")).isEqualTo(ScormPackage.ADLSEQ_2004);
    assertThat(root.lookupNamespaceURI("adlnav")).isEqualTo(ScormPackage.ADLNAV_2004);
    assertThat(root.lookupNamespaceURI("imsss")).isEqualTo(ScormPackage.IMSSS_2004);
    assertThat(resource.getAttributeNS(ScormPackage.ADLCP_2004, "scormType")).isEqualTo("sco");
    Element controls =
        (Element)
            manifest.getElementsByTagNameNS(ScormPackage.IMSSS_2004, "deliveryControls").item(0);
    assertThat(controls.getAttribute("completionSetByContent")).isEqualTo("true");
  }

  @ParameterizedTest
  @EnumSource(ScormVersion.class)
  void indexHtmlCarriesTheDescriptorAndTheLmsSyncUrl(ScormVersion version) {
    String html = scormPackage(version).indexHtml();
    Matcher config =
        Pattern.compile(
                "<script type=\"application/json\" id=\"learnpulse-config\">(.*?)</script>",
                Pattern.DOTALL)
            .matcher(html);

    assertThat(config.find()).isTrue();
    JsonNode json = JsonMapper.builder().build().readTree(config.group(1));
    assertThat(json.path("descriptor").asText()).isEqualTo(DESCRIPTOR);
    assertThat(json.path("lmsSyncUrl").asText()).isEqualTo("https://sync.example/base");
    assertThat(json.path("scormVersion").asText()).isEqualTo(version.name());
    assertThat(html).contains("<script src=\"bridge.js\"></script>");
  }

  @Test
  void escapesIdsInXmlAndScriptContexts() throws Exception {
    ScormPackage odd =
        new ScormPackage(
            ScormVersion.SCORM_2004_4TH,
            "9tenant",
            "a:b",
            "t<script>",
            "</script><script>alert(1)</script>",
            URI.create("https://sync.example/"),
            "//");

    Document manifest = parse(odd.manifest());
    assertThat(manifest.getDocumentElement().getAttribute("identifier"))
        .isEqualTo("learnpulse-9tenant-a_b-t_script_");
    assertThat(ScormPackage.ncName("9a")).isEqualTo("id_9a");
    assertThat(odd.indexHtml()).doesNotContain("</script><script>alert");
    assertThat(odd.fileName()).isEqualTo("a_b-t_script_-scorm_2004_4th.zip");
  }

  private static ScormPackage scormPackage(ScormVersion version) {
    return new ScormPackage(
        version,
        "acme",
        "secure-coding",
        "injection",
        DESCRIPTOR,
        URI.create("https://sync.example/base/"),
        PackageController.bridgeJs());
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(Document document, String namespace, String name) {
    NodeList nodes = document.getElementsByTagNameNS(namespace, name);
    assertThat(nodes.getLength()).as(name).isEqualTo(1);
    return nodes.item(0).getTextContent();
  }

  private static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }
}
