package io.learnpulse.schemas.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.learnpulse.schemas.docs.DocumentationLinks.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The repository's documents can be followed from the repository alone: relative links and their
 * anchors resolve, nothing cites a document outside the repository, cited repository files exist.
 */
class DocumentationLinksTest {

  /** The repository root: the module runs with its own directory as the working directory. */
  private static final Path ROOT = DocumentationLinks.repositoryRoot(Path.of(""));

  @Test
  void everyLinkAndCitationInTheRepositoryResolves() {
    List<Problem> problems = DocumentationLinks.check(ROOT);

    assertThat(problems)
        .as("broken links or citations (fix the link, or the heading it points to)")
        .isEmpty();
  }

  @Test
  void findsBrokenLinksAnchorsAndCitationsInAFixture() throws IOException {
    Path fixture = fixture();
    write(fixture.resolve("mvnw"), "");
    write(
        fixture.resolve("manual/guide.md"),
        """
        # Guide

        ## Scoring contract (defaults)

        ## Scoring contract (defaults)

        Text.
        """);
    write(
        fixture.resolve("README.md"),
        """
        # Fixture

        [fine](manual/guide.md#scoring-contract-defaults), [again](manual/guide.md#scoring-contract-defaults-1)
        [self](#fixture), [web](https://example.com/missing.md), [dir](manual/)
        [missing file](manual/missing.md)
        [missing anchor](manual/guide.md#scoring)
        [outside](../elsewhere.md)
        `[in code](manual/nothing.md)`

        ```
        [in a fence](manual/nothing.md)
        ```
        [ref]: manual/gone.md
        """);
    // Built from parts, so this test's own source cites nothing outside the repository.
    String sharedDirectory = String.join("/", "..", "shared", "");
    String designFile = "DESIGN" + ".md";
    write(
        fixture.resolve("App.java"),
        "/** See manual/missing.md and "
            + sharedDirectory
            + designFile
            + "; guide.md#ok is no path. */\nclass App {}\n");

    List<Problem> problems = DocumentationLinks.check(fixture);

    String noFile = "no such file or directory";
    String noCitedFile = "cites a repository file that does not exist";
    String noAnchor = "no heading with the anchor #scoring";
    assertThat(problems)
        .extracting(Problem::file, Problem::line, Problem::target, Problem::reason)
        .containsExactlyInAnyOrder(
            tuple("App.java", 1, "manual/missing.md", noCitedFile),
            tuple(
                "App.java",
                1,
                sharedDirectory,
                "cites a document outside the repository; cite docs/ instead"),
            tuple(
                "App.java",
                1,
                designFile,
                "cites a design document that is not in the repository; cite docs/design.md"),
            tuple("README.md", 5, "manual/missing.md", noFile),
            tuple("README.md", 5, "manual/missing.md", noCitedFile),
            tuple("README.md", 6, "manual/guide.md#scoring", noAnchor),
            tuple("README.md", 6, "manual/guide.md#scoring", noAnchor),
            tuple("README.md", 7, "../elsewhere.md", "points outside the repository"),
            tuple("README.md", 8, "manual/nothing.md", noCitedFile),
            tuple("README.md", 11, "manual/nothing.md", noCitedFile),
            tuple("README.md", 13, "manual/gone.md", noFile),
            tuple("README.md", 13, "manual/gone.md", noCitedFile));
  }

  @Test
  void anchorsFollowGitHubsRules() {
    assertThat(
            DocumentationLinks.anchors(
                """
                # LearnPulse — design
                ## Sessions, bookmarks and time
                ## Tokens (issued by lms-sync-service, RS256, keys at `GET {lms-sync}/.well-known/jwks.json`)
                ### Suspend-data encoding (version 1)
                ## xAPI 1.0.3
                ## [ADR 7](adr/0007.md): admin_tokens
                ## Sessions, bookmarks and time
                ```
                # not a heading
                ```
                <a name="custom"></a>
                """))
        .containsExactly(
            "learnpulse--design",
            "sessions-bookmarks-and-time",
            "tokens-issued-by-lms-sync-service-rs256-keys-at-get-lms-syncwell-knownjwksjson",
            "suspend-data-encoding-version-1",
            "xapi-103",
            "adr-7-admin_tokens",
            "sessions-bookmarks-and-time-1",
            "custom");
  }

  @Test
  void findsTheRepositoryRootFromAModuleDirectory() {
    assertThat(ROOT.resolve("mvnw")).isRegularFile();
    assertThat(DocumentationLinks.repositoryRoot(ROOT.resolve("schemas/src"))).isEqualTo(ROOT);
  }

  /** A fresh directory under target/ (shared machines clean /tmp under running tests). */
  private static Path fixture() throws IOException {
    Path target = Files.createDirectories(Path.of("target", "documentation-links"));
    return Files.createTempDirectory(target, "fixture").toAbsolutePath();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
