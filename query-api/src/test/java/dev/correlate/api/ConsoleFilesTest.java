package dev.correlate.api;

import static dev.correlate.api.QueryApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.testkit.InMemoryTimelineQueries;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * How the console's files are served: types, caching by version, and nothing else under their
 * prefix.
 */
class ConsoleFilesTest {
  private static final Pattern MODULE = Pattern.compile("/console/([0-9a-f]{12})/app\\.js");

  @AutoClose
  private final ApiServer api =
      new ApiServer(QueryApi.create(new InMemoryTimelineQueries(), QueryApiSettings.defaults()));

  @Test
  void page_namesTheCurrentVersionOfItsFiles_andIsRevalidatedOnEveryLoad() {
    HttpResponse<String> page = api.get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/html")
        .endsWith("utf-8");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'");
    assertThat(page.body()).doesNotContain("{{version}}").containsPattern(MODULE);
  }

  @Test
  void everyFile_isServedWithItsType_immutableUnderItsVersion() throws IOException {
    String version = version();
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/dev/correlate/api/console"))) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.equals("index.html")) {
          continue;
        }
        HttpResponse<String> response = api.get("/console/" + version + "/" + name);
        assertThat(response.statusCode()).as(name).isEqualTo(200);
        assertThat(response.body()).as(name).isEqualTo(Files.readString(file));
        assertThat(response.headers().firstValue("Cache-Control"))
            .as(name)
            .hasValue("public, max-age=31536000, immutable");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        String type = response.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type)
            .as(name)
            .isEqualTo(
                switch (name.substring(name.lastIndexOf('.') + 1)) {
                  case "js" -> "text/javascript; charset=utf-8";
                  case "css" -> "text/css; charset=utf-8";
                  default -> "image/svg+xml";
                });
      }
    }
  }

  @Test
  void anotherVersion_anUnknownFile_orThePageUnderThePrefix_isA404Problem() {
    String version = version();
    for (String path :
        List.of(
            "/console/000000000000/app.js",
            "/console/" + version + "/nope.js",
            "/console/" + version + "/index.html",
            "/console/" + version + "/..%2Fopenapi.json")) {
      assertProblem(api.get(path), 404, "/problems/not-found");
    }
  }

  @Test
  void modules_importOnlyRelativeModulesOfTheConsole_neverAnotherOrigin() throws IOException {
    Pattern imports = Pattern.compile("(?m)^import .* from \"([^\"]+)\";");
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/dev/correlate/api/console"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
        Matcher m = imports.matcher(Files.readString(file));
        while (m.find()) {
          assertThat(m.group(1)).as(file + " imports").matches("\\./[a-z-]+\\.js");
          assertThat(
                  Path.of("src/main/resources/dev/correlate/api/console", m.group(1).substring(2)))
              .exists();
        }
      }
    }
  }

  private String version() {
    Matcher m = MODULE.matcher(api.get("/").body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
