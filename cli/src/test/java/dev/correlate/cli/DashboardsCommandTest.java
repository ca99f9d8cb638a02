package dev.correlate.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code correlate dashboards install} against a stub of OpenSearch Dashboards' saved-objects
 * import API, in the request shape OSD requires: POST /api/saved_objects/_import?overwrite=true,
 * header osd-xsrf: true, the NDJSON as multipart field {@code file} with a .ndjson file name.
 */
class DashboardsCommandTest {
  private static final Path OBJECTS = Path.of("../deploy/opensearch-dashboards/correlate.ndjson");

  private final WireMockServer osd =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    osd.start();
  }

  @AfterEach
  void stop() {
    osd.stop();
  }

  private static MappingBuilder importRequest() {
    return post(urlPathEqualTo("/api/saved_objects/_import"));
  }

  private int run(Map<String, String> env, String... args) {
    CommandLine cli = CorrelateCli.commandLine(env);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void install_postsTheBundledObjects_inTheImportApisShape() throws Exception {
    osd.stubFor(
        importRequest()
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"success\":true,\"successCount\":10}")));

    int status = run(Map.of(), "dashboards", "install", "--url", osd.baseUrl());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("correlate.ndjson: 10 objects installed");
    osd.verify(
        1,
        postRequestedFor(urlPathEqualTo("/api/saved_objects/_import"))
            .withQueryParam("overwrite", equalTo("true"))
            .withHeader("osd-xsrf", equalTo("true"))
            .withHeader("Content-Type", matching("multipart/form-data; boundary=.+"))
            .withoutHeader("Authorization")
            .withRequestBodyPart(
                aMultipart()
                    .withName("file")
                    .withHeader("Content-Disposition", containing("filename=\"correlate.ndjson\""))
                    .withBody(binaryEqualTo(Files.readAllBytes(OBJECTS)))
                    .build()));
  }

  @Test
  void install_twice_sendsTheSameOverwritingImport() {
    osd.stubFor(
        importRequest().willReturn(aResponse().withBody("{\"success\":true,\"successCount\":10}")));

    assertThat(run(Map.of(), "dashboards", "install", "--url", osd.baseUrl())).isZero();
    assertThat(run(Map.of(), "dashboards", "install", "--url", osd.baseUrl())).isZero();

    osd.verify(
        2,
        postRequestedFor(urlPathEqualTo("/api/saved_objects/_import"))
            .withQueryParam("overwrite", equalTo("true")));
  }

  @Test
  void install_withAUser_sendsBasicAuth_withThePasswordFromTheEnvironment() {
    osd.stubFor(
        importRequest().willReturn(aResponse().withBody("{\"success\":true,\"successCount\":10}")));

    int status =
        run(
            Map.of("CORRELATE_DASHBOARDS_PASSWORD", "s3cret"),
            "dashboards",
            "install",
            "--url",
            osd.baseUrl(),
            "--user",
            "admin");

    assertThat(status).isZero();
    osd.verify(
        postRequestedFor(urlPathEqualTo("/api/saved_objects/_import"))
            .withHeader("Authorization", equalTo("Basic YWRtaW46czNjcmV0")));
  }

  @Test
  void install_refusedObjects_exitOne_namingThem() {
    osd.stubFor(
        importRequest()
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"success\":false,\"successCount\":9,\"errors\":["
                            + "{\"id\":\"correlate-errors-over-time\",\"type\":\"visualization\",\"title\":\"x\","
                            + "\"error\":{\"type\":\"missing_references\"}}]}")));

    int status = run(Map.of(), "dashboards", "install", "--url", osd.baseUrl());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "9 objects installed",
            "visualization correlate-errors-over-time",
            "missing_references");
  }

  @Test
  void install_answeredWithAnHttpError_exitsOne() {
    osd.stubFor(
        importRequest()
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"statusCode\":400,\"message\":\"Request must contain a osd-xsrf header.\"}")));

    assertThat(run(Map.of(), "dashboards", "install", "--url", osd.baseUrl())).isEqualTo(1);
    assertThat(err.toString()).contains("HTTP 400", "osd-xsrf");
  }

  @Test
  void install_givenFiles_importsEachOfThem(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    osd.stubFor(
        importRequest().willReturn(aResponse().withBody("{\"success\":true,\"successCount\":1}")));
    Path mine =
        Files.writeString(
            dir.resolve("mine.ndjson"),
            "{\"type\":\"index-pattern\",\"id\":\"x\",\"attributes\":{\"title\":\"x-*\"},\"references\":[]}\n");

    int status =
        run(Map.of(), "dashboards", "install", "--url", osd.baseUrl(), "--file", mine.toString());

    assertThat(status).isZero();
    osd.verify(
        1,
        postRequestedFor(urlPathEqualTo("/api/saved_objects/_import"))
            .withRequestBodyPart(
                aMultipart()
                    .withName("file")
                    .withHeader("Content-Disposition", containing("filename=\"mine.ndjson\""))
                    .withBody(binaryEqualTo(Files.readAllBytes(mine)))
                    .build()));
  }

  @Test
  void install_withoutDashboards_exitsThree_sayingWhatToDo() {
    String url = osd.baseUrl();
    osd.stop();

    assertThat(run(Map.of(), "dashboards", "install", "--url", url)).isEqualTo(3);
    assertThat(err.toString()).contains("is not available", "--wait-seconds");
  }
}
