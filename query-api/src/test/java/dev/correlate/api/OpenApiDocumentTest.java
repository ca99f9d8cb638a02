package dev.correlate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.testkit.InMemoryTimelineQueries;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
  private ApiServer api;

  @BeforeEach
  void start() {
    api =
        new ApiServer(QueryApi.create(new InMemoryTimelineQueries(), QueryApiSettings.defaults()));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void servedDocument_isValidOpenApi3() {
    SwaggerParseResult result =
        new OpenAPIV3Parser().readContents(api.get("/api/v1/openapi.json").body(), null, null);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
  }

  @Test
  void documentedPaths_areExactlyTheRegisteredRoutes() {
    OpenAPI doc =
        new OpenAPIV3Parser()
            .readContents(api.get("/api/v1/openapi.json").body(), null, null)
            .getOpenAPI();
    Set<String> documented = new TreeSet<>();
    doc.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .keySet()
                    .forEach(method -> documented.add(method.name() + " " + path)));

    Set<String> registered =
        api.app.unsafe.internalRouter.allHttpHandlers().stream()
            .map((ParsedEndpoint e) -> e.endpoint)
            .filter(e -> e.method.isHttpMethod() && e.method != HandlerType.HEAD)
            .map(e -> e.method.name() + " " + e.path)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(documented).isEqualTo(registered);
  }

  @Test
  void everyRoute_acceptsExactlyItsDocumentedQueryParameters() {
    OpenAPI doc =
        new OpenAPIV3Parser()
            .readContents(api.get("/api/v1/openapi.json").body(), null, null)
            .getOpenAPI();
    Map<String, List<String>> refused = new TreeMap<>();
    doc.getPaths()
        .forEach(
            (path, item) -> {
              String url =
                  path.replaceAll("\\{[a-z]+}", "bt-1"); // an id, a console file's version and name
              Set<String> documented = new TreeSet<>();
              Stream.concat(
                      Stream.ofNullable(item.getParameters()).flatMap(List::stream),
                      Stream.ofNullable(item.getGet().getParameters()).flatMap(List::stream))
                  .map(
                      p ->
                          p.get$ref() == null
                              ? p
                              : doc.getComponents()
                                  .getParameters()
                                  .get(p.get$ref().substring(p.get$ref().lastIndexOf('/') + 1)))
                  .filter(p -> "query".equals(p.getIn()))
                  .forEach(p -> documented.add(p.getName()));
              for (String name : documented) {
                if (unknown(api.get(url + "?" + name + "=1"))) {
                  refused.computeIfAbsent(path, k -> new ArrayList<>()).add(name);
                }
              }
              HttpResponse<String> undocumented = api.get(url + "?undocumented=1");
              assertThat(undocumented.statusCode()).as(path).isEqualTo(400);
              assertThat(undocumented.body())
                  .as(path)
                  .contains("parameter 'undocumented' is not known here");
            });

    assertThat(refused).as("documented parameters refused as unknown").isEmpty();
  }

  /** Whether the API refused the request for naming a parameter it does not know. */
  private static boolean unknown(HttpResponse<String> response) {
    return response.statusCode() == 400 && response.body().contains("is not known here");
  }

  @Test
  void categoryFilter_documentsExactlyTheCategoriesTheApiAccepts() {
    OpenAPI doc =
        new OpenAPIV3Parser()
            .readContents(api.get("/api/v1/openapi.json").body(), null, null)
            .getOpenAPI();
    List<?> documented =
        doc.getPaths().get("/api/v1/jobs").getGet().getParameters().stream()
            .filter(p -> "category".equals(p.getName()))
            .findFirst()
            .orElseThrow()
            .getSchema()
            .getEnum();

    Set<String> names =
        documented.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    assertThat(names).isEqualTo(new TreeSet<>(Vocabulary.CATEGORIES));
  }
}
