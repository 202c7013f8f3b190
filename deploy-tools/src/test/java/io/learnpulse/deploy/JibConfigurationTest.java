package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The images' Jib configuration (parent POM), checked everywhere; on Linux as root the {@code
 * images} profile also builds the images on a local base and {@link ImagesIT} runs them
 * (docs/operations.md, "Images").
 */
class JibConfigurationTest {

  @Test
  void imagesAreNonRootVersionTaggedAndSizeTheHeapByTheContainer() throws Exception {
    Element jib = jibPlugin(REPO.resolve("pom.xml").toString());
    Element configuration = child(jib, "configuration");

    assertThat(text(configuration, "from", "image")).isNotBlank().doesNotEndWith(":latest");
    assertThat(text(configuration, "to", "image"))
        .isEqualTo("learnpulse/${project.artifactId}:${project.version}");
    String user = text(configuration, "container", "user");
    assertThat(user).matches("[1-9][0-9]*(:[1-9][0-9]*)?");
    assertThat(texts(child(child(configuration, "container"), "jvmFlags"), "jvmFlag"))
        .anyMatch(flag -> flag.matches("-XX:MaxRAMPercentage=[0-9]+(\\.[0-9]+)?"));

    Element extra = child(configuration, "extraDirectories");
    String from =
        text(extra, "paths", "path", "from")
            .replace("${maven.multiModuleProjectDirectory}", REPO.toString());
    assertThat(Files.isDirectory(java.nio.file.Path.of(from, "var/lib/learnpulse"))).isTrue();
    assertThat(text(extra, "permissions", "permission", "file")).isEqualTo("/var/lib/learnpulse");
  }

  @Test
  void theSchemaRegistrationImageRunsDeployTools() throws Exception {
    Element jib = jibPlugin(REPO.resolve("deploy-tools/pom.xml").toString());

    assertThat(text(child(jib, "configuration"), "container", "mainClass"))
        .isEqualTo(DeployTools.class.getName());
  }

  private static Element jibPlugin(String pom) throws Exception {
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom);
    NodeList plugins = document.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (text(plugin, "artifactId").equals("jib-maven-plugin")) {
        return plugin;
      }
    }
    throw new AssertionError("no jib-maven-plugin in " + pom);
  }

  private static Element child(Element parent, String name) {
    for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }

  private static String text(Element parent, String... path) {
    Element element = parent;
    for (String name : path) {
      element = child(element, name);
    }
    return element.getTextContent().trim();
  }

  private static List<String> texts(Element parent, String name) {
    List<String> texts = new ArrayList<>();
    for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        texts.add(element.getTextContent().trim());
      }
    }
    return texts;
  }
}
