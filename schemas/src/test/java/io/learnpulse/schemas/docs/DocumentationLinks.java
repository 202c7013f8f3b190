package io.learnpulse.schemas.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that the repository's documents stay followable from the repository alone: every relative
 * link in a Markdown file points to an existing file inside the repository (and, with a {@code
 * #fragment}, to a heading of that Markdown file, by GitHub's anchor rules); no text file cites a
 * document outside the repository (the shared design and reference notes the project started from);
 * and every repository path a text file cites ({@code docs/design.md#targets} in a Javadoc, say)
 * exists. Plain Java over the file tree, so it runs as a fast unit test (ADR 13).
 */
final class DocumentationLinks {

  /** One broken link or citation: where it is, what it names, and why it does not resolve. */
  record Problem(String file, int line, String target, String reason) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + target + " — " + reason;
    }
  }

  /** Directories that are not the project's sources: build output, installed packages, data. */
  private static final Set<String> SKIPPED_DIRECTORIES =
      Set.of("target", "node_modules", "local-stack-data");

  /** Files whose contents are checked for citations. */
  private static final Pattern TEXT_FILE =
      Pattern.compile(
          ".*\\.(md|java|ya?ml|xml|avdl|avsc|mjs|cjs|js|ts|sh|properties|sql|html|txt)$|mvnw");

  /**
   * Released schema snapshots are immutable records of what was registered (ADR 2): a citation in
   * an old snapshot's doc is history, fixed in the current contract instead.
   */
  private static final String RELEASED_SNAPSHOTS = "schemas/released/";

  /** Citations of documents outside the repository, and what to cite instead. */
  private static final Map<Pattern, String> OUTSIDE_CITATIONS =
      Map.of(
          Pattern.compile("\\.\\./shared/"),
          "cites a document outside the repository; cite docs/ instead",
          Pattern.compile("\\bDESIGN\\.md\\b"),
          "cites a design document that is not in the repository; cite docs/design.md",
          Pattern.compile("(?<![\\w./-])reference/[\\w.-]+\\.md"),
          "cites a reference note that is not in the repository; cite docs/standards.md");

  /** Extensions of the repository files a text file may cite by path. */
  private static final String CITED_EXTENSIONS =
      "md|java|ya?ml|avdl|avsc|sql|mjs|js|xml|json|html|sh";

  private static final Pattern INLINE_LINK =
      Pattern.compile(
          "!?\\[[^\\]\\n]*\\]\\(\\s*(<[^>\\n]*>|[^)\\s]+)(?:\\s+\"[^\"\\n]*\")?\\s*\\)");
  private static final Pattern REFERENCE_DEFINITION =
      Pattern.compile("(?m)^ {0,3}\\[[^\\]\\n]+\\]:\\s*(\\S+)");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
  private static final Pattern HEADING =
      Pattern.compile("^ {0,3}#{1,6}[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern HTML_ANCHOR =
      Pattern.compile("<a\\s[^>]*(?:name|id)\\s*=\\s*\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  private final Path root;
  private final Pattern citedPath;
  private final Map<Path, Set<String>> anchors = new HashMap<>();

  private DocumentationLinks(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.citedPath = citedPathPattern(this.root);
  }

  /**
   * A path from the repository root that a text file cites: it starts with one of the root's
   * directories ({@code docs/}, a module) and ends with a known extension, optionally with a
   * fragment. Relative paths ({@code ../docs/…}, {@code src/…}) are left to the Markdown link
   * check.
   */
  private static Pattern citedPathPattern(Path root) {
    List<String> directories;
    try (Stream<Path> children = Files.list(root)) {
      directories =
          children
              .filter(Files::isDirectory)
              .map(path -> path.getFileName().toString())
              .filter(name -> !name.startsWith(".") && !SKIPPED_DIRECTORIES.contains(name))
              .map(Pattern::quote)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String anyDirectory = directories.isEmpty() ? "(?!)" : String.join("|", directories);
    return Pattern.compile(
        "(?<![\\w./-])((?:"
            + anyDirectory
            + ")/[\\w./-]*[\\w-]\\.(?:"
            + CITED_EXTENSIONS
            + "))(?!\\w)(#[\\w-]+)?");
  }

  /** Every broken link and citation under {@code root}, in file and line order. */
  static List<Problem> check(Path root) {
    return new DocumentationLinks(root).checkAll();
  }

  /** The repository root: the nearest directory at or above {@code start} holding {@code mvnw}. */
  static Path repositoryRoot(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no directory with mvnw at or above " + start);
  }

  /**
   * GitHub's anchor of a heading: the heading's text without Markdown, lower-cased, every character
   * that is not a letter, digit, mark, underscore, space or hyphen removed, spaces turned into
   * hyphens.
   */
  static String slug(String heading) {
    String text =
        heading
            .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
            .replaceAll("<[^>]+>", "")
            .toLowerCase(Locale.ROOT);
    return text.replaceAll("[^\\p{L}\\p{M}\\p{N}_ -]", "").replace(' ', '-');
  }

  /**
   * The anchors of a Markdown text: heading slugs (repeats numbered -1, -2, …) and HTML anchors.
   */
  static Set<String> anchors(String markdown) {
    Set<String> result = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : withoutCode(markdown, false).split("\n", -1)) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug = slug(heading.group(1));
        int repeat = seen.merge(slug, 1, Integer::sum) - 1;
        result.add(repeat == 0 ? slug : slug + "-" + repeat);
      }
      Matcher html = HTML_ANCHOR.matcher(line);
      while (html.find()) {
        result.add(html.group(1));
      }
    }
    return result;
  }

  private List<Problem> checkAll() {
    List<Problem> problems = new ArrayList<>();
    for (Path file : textFiles()) {
      String relative = root.relativize(file).toString().replace('\\', '/');
      String text = read(file);
      if (relative.endsWith(".md")) {
        checkMarkdownLinks(relative, file, text, problems);
      }
      checkCitations(relative, text, problems);
    }
    problems.sort(
        Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line)
            .thenComparing(Problem::target));
    return problems;
  }

  private List<Path> textFiles() {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              String name = dir.getFileName().toString();
              boolean skipped =
                  !dir.equals(root) && (SKIPPED_DIRECTORIES.contains(name) || name.startsWith("."));
              return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              if (attributes.isRegularFile()
                  && TEXT_FILE.matcher(file.getFileName().toString()).matches()) {
                files.add(file);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(Comparator.naturalOrder());
    return files;
  }

  private void checkMarkdownLinks(String relative, Path file, String text, List<Problem> problems) {
    String prose = withoutCode(text, true);
    List<Matcher> matchers =
        List.of(INLINE_LINK.matcher(prose), REFERENCE_DEFINITION.matcher(prose));
    for (Matcher link : matchers) {
      while (link.find()) {
        String target = link.group(1);
        if (target.startsWith("<") && target.endsWith(">")) {
          target = target.substring(1, target.length() - 1);
        }
        String reason = linkProblem(file, target);
        if (reason != null) {
          problems.add(new Problem(relative, lineOf(text, link.start(1)), target, reason));
        }
      }
    }
  }

  /** Why a link from {@code from} to {@code target} does not resolve, or null when it does. */
  private String linkProblem(Path from, String target) {
    if (URI_SCHEME.matcher(target).find() || target.startsWith("//")) {
      return null;
    }
    int hash = target.indexOf('#');
    String pathPart = hash < 0 ? target : target.substring(0, hash);
    String fragment = hash < 0 ? null : target.substring(hash + 1);
    pathPart = URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
    Path resolved;
    if (pathPart.isEmpty()) {
      resolved = from;
    } else if (pathPart.startsWith("/")) {
      resolved = root.resolve(pathPart.substring(1)).normalize();
    } else {
      resolved = from.getParent().resolve(pathPart).normalize();
    }
    if (!resolved.startsWith(root)) {
      return "points outside the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file or directory";
    }
    return anchorProblem(resolved, fragment);
  }

  private String anchorProblem(Path markdown, String fragment) {
    if (fragment == null
        || fragment.isEmpty()
        || !markdown.getFileName().toString().endsWith(".md")
        || !Files.isRegularFile(markdown)) {
      return null;
    }
    Set<String> known = anchors.computeIfAbsent(markdown, path -> anchors(read(path)));
    String decoded = URLDecoder.decode(fragment, StandardCharsets.UTF_8);
    return known.contains(decoded) ? null : "no heading with the anchor #" + decoded;
  }

  private void checkCitations(String relative, String text, List<Problem> problems) {
    if (!relative.startsWith(RELEASED_SNAPSHOTS)) {
      for (Map.Entry<Pattern, String> rule : OUTSIDE_CITATIONS.entrySet()) {
        Matcher citation = rule.getKey().matcher(text);
        while (citation.find()) {
          problems.add(
              new Problem(
                  relative, lineOf(text, citation.start()), citation.group(), rule.getValue()));
        }
      }
    }
    Matcher cited = citedPath.matcher(text);
    while (cited.find()) {
      Path path = citedFile(relative, cited.group(1));
      String reason =
          path == null
              ? "cites a repository file that does not exist"
              : anchorProblem(path, cited.group(2) == null ? null : cited.group(2).substring(1));
      if (reason != null) {
        problems.add(new Problem(relative, lineOf(text, cited.start()), cited.group(), reason));
      }
    }
  }

  /**
   * The file a cited path names: from the repository root ({@code docs/design.md}) or, as module
   * READMEs write it, from the citing file's directory or one above it (xapi-emitter's README cites
   * its own {@code docs} folder); null when none exists.
   */
  private Path citedFile(String citingFile, String cited) {
    for (Path dir = root.resolve(citingFile).getParent();
        dir != null && dir.startsWith(root);
        dir = dir.getParent()) {
      Path candidate = dir.resolve(cited).normalize();
      if (candidate.startsWith(root) && Files.exists(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The text with fenced code blocks blanked and, when {@code spans} is set, inline code spans too,
   * keeping every line break and offset, so links shown as code are not followed.
   */
  private static String withoutCode(String markdown, boolean spans) {
    StringBuilder out = new StringBuilder(markdown.length());
    String fence = null;
    for (String line : markdown.split("\n", -1)) {
      Matcher opening = FENCE.matcher(line);
      if (fence == null && opening.find()) {
        fence = opening.group(1);
        out.append(" ".repeat(line.length()));
      } else if (fence != null) {
        if (line.strip().startsWith(fence)
            && line.strip().replace(fence.substring(0, 1), "").isEmpty()) {
          fence = null;
        }
        out.append(" ".repeat(line.length()));
      } else if (spans) {
        Matcher span = CODE_SPAN.matcher(line);
        StringBuilder kept = new StringBuilder();
        while (span.find()) {
          span.appendReplacement(kept, " ".repeat(span.group().length()));
        }
        span.appendTail(kept);
        out.append(kept);
      } else {
        out.append(line);
      }
      out.append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
