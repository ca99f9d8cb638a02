package dev.correlate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.correlate.testkit.InMemoryTimelineQueries;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
  private ApiServer api;

  @BeforeEach
  void start() {
    api = new ApiServer(QueryApi.create(new InMemoryTimelineQueries(), QueryApiSettings.defaults()));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void servedDocument_isValidOpenApi3() {
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(api.get("/api/v1/openapi.json").body(), null, null);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
  }

  @Test
  void documentedPaths_areExactlyTheRegisteredRoutes() {
    OpenAPI doc = new OpenAPIV3Parser().readContents(api.get("/api/v1/openapi.json").body(), null, null).getOpenAPI();
    Set<String> documented = new TreeSet<>();
    doc.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
        .forEach(method -> documented.add(method.name() + " " + path)));

    Set<String> registered = api.app.unsafe.internalRouter.allHttpHandlers().stream()
        .map((ParsedEndpoint e) -> e.endpoint)
        .filter(e -> e.method.isHttpMethod() && e.method != HandlerType.HEAD)
        .map(e -> e.method.name() + " " + e.path)
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(documented).isEqualTo(registered);
  }
}
