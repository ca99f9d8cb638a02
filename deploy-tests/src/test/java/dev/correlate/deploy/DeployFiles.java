package dev.correlate.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's deploy files, read strictly: YAML and JSON with duplicate keys refused (Compose
 * v2 refuses them; Debian's Compose v1 and most YAML readers silently keep the last one), YAML
 * merge keys resolved.
 */
final class DeployFiles {
  /** Surefire runs in the module's directory; the files live beside it at the repository's root. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private DeployFiles() {}

  static Path path(String relative) {
    Path p = ROOT.resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException(
          p + " is missing (tests run from the deploy-tests module of the repository)");
    }
    return p;
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses YAML refusing duplicate keys; merge keys ({@code <<: *anchor}) are resolved as Compose
   * does.
   */
  static Map<String, Object> yaml(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object doc = new Yaml(options).load(text);
    if (!(doc instanceof Map)) {
      throw new IllegalArgumentException("not a YAML mapping");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) doc;
    return map;
  }

  static Map<String, Object> yamlFile(String relative) {
    return yaml(read(relative));
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  static JsonNode jsonFile(String relative) {
    return json(read(relative));
  }

  /** Files of a directory whose names end with {@code suffix}, sorted; relative to the root. */
  static List<String> list(String directory, String suffix) {
    try (Stream<Path> files = Files.list(path(directory))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .sorted()
          .map(f -> ROOT.relativize(f).toString())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String what) {
    if (!(node instanceof Map)) {
      throw new AssertionError(what + " is not a mapping: " + node);
    }
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node, String what) {
    if (!(node instanceof List)) {
      throw new AssertionError(what + " is not a list: " + node);
    }
    return (List<Object>) node;
  }
}
