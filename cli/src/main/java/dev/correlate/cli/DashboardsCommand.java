package dev.correlate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.correlate.core.config.Env;
import dev.correlate.core.config.Secret;
import dev.correlate.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code correlate dashboards install}: Correlate's OpenSearch Dashboards saved objects. */
@Command(
    name = "dashboards",
    mixinStandardHelpOptions = true,
    description = "OpenSearch Dashboards objects of Correlate.",
    subcommands = DashboardsCommand.Install.class)
final class DashboardsCommand implements Runnable {
  @ParentCommand CorrelateCli root;

  @Override
  public void run() {
    root.spec
        .commandLine()
        .getSubcommands()
        .get("dashboards")
        .usage(root.spec.commandLine().getOut());
  }

  /**
   * Imports the saved objects (index patterns, saved searches, visualizations, a dashboard) through
   * the saved-objects import API with {@code overwrite=true}: the objects keep fixed ids, so
   * installing again replaces them and installs nothing twice. The same request as the compose
   * one-shot {@code dashboards-objects}.
   */
  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Install (or update) Correlate's index patterns, saved searches, visualizations and dashboard "
            + "in OpenSearch Dashboards. Idempotent: objects keep fixed ids and are overwritten.",
        "Exit status: 0 installed, 1 refused (the answer names the objects), 3 Dashboards unreachable."
      })
  static final class Install implements Callable<Integer> {
    /**
     * The objects shipped in the jar: a copy of deploy/opensearch-dashboards/ made by the build.
     */
    static final String BUNDLED = "opensearch-dashboards/correlate.ndjson";

    @ParentCommand DashboardsCommand parent;

    @Option(
        names = "--url",
        defaultValue = "http://127.0.0.1:5601",
        description = "OpenSearch Dashboards' address (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(
        names = "--file",
        paramLabel = "NDJSON",
        description = "Saved-objects file to import instead of the bundled ones (repeatable).")
    List<Path> files = new ArrayList<>();

    @Option(
        names = "--user",
        description =
            "User for basic authentication (security plugin); the password is "
                + "read from CORRELATE_DASHBOARDS_PASSWORD.")
    String user;

    @Option(
        names = "--wait-seconds",
        defaultValue = "0",
        description =
            "Keep retrying this long while Dashboards is unreachable or starting (503) (default: 0).")
    int waitSeconds;

    @Override
    public Integer call() {
      PrintWriter out = parent.root.spec.commandLine().getOut();
      PrintWriter err = parent.root.spec.commandLine().getErr();
      Optional<Secret> password = Env.of(parent.root.env()).secret("CORRELATE_DASHBOARDS_PASSWORD");
      if (user != null && password.isEmpty()) {
        err.println("--user needs the password in CORRELATE_DASHBOARDS_PASSWORD");
        return 2;
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      int status = 0;
      for (Upload upload : uploads()) {
        int result = install(http, upload, password, out, err);
        status = Math.max(status, result);
        if (result == ApiClient.UNREACHABLE) {
          break;
        }
      }
      return status;
    }

    private int install(
        HttpClient http,
        Upload upload,
        Optional<Secret> password,
        PrintWriter out,
        PrintWriter err) {
      String base = url.toString().endsWith("/") ? url.toString() : url + "/";
      String boundary = "correlate-" + UUID.randomUUID();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + "api/saved_objects/_import?overwrite=true"))
              .timeout(Duration.ofSeconds(60))
              .header("osd-xsrf", "true")
              .header("Content-Type", "multipart/form-data; boundary=" + boundary)
              .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, upload)));
      if (user != null) {
        String secret = user + ":" + password.orElseThrow().value();
        request.header(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
      while (true) {
        String problem;
        try {
          HttpResponse<String> response =
              http.send(request.build(), HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) {
            return report(upload.name(), Json.mapper().readTree(response.body()), out, err);
          }
          problem = "HTTP " + response.statusCode() + ": " + response.body();
          if (response.statusCode() != 503) {
            err.println(upload.name() + ": " + base + " refused the import, " + problem);
            return ApiClient.FAILED;
          }
        } catch (IOException e) {
          problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ApiClient.UNREACHABLE;
        }
        if (System.nanoTime() >= deadline) {
          err.println(
              "OpenSearch Dashboards at "
                  + base
                  + " is not available ("
                  + problem
                  + "); start it, or give "
                  + "--wait-seconds to wait for it");
          return ApiClient.UNREACHABLE;
        }
        try {
          Thread.sleep(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ApiClient.UNREACHABLE;
        }
      }
    }

    /**
     * The import API answers 200 with {@code success: false} and one error per object it refused.
     */
    private static int report(String name, JsonNode answer, PrintWriter out, PrintWriter err) {
      if (answer.path("success").asBoolean(false)) {
        out.println(name + ": " + answer.path("successCount").asInt() + " objects installed");
        return 0;
      }
      err.println(
          name
              + ": "
              + answer.path("successCount").asInt()
              + " objects installed, these were refused:");
      for (JsonNode e : answer.path("errors")) {
        err.println(
            "  "
                + e.path("type").asText()
                + " "
                + e.path("id").asText()
                + " ("
                + e.path("title").asText()
                + "): "
                + e.path("error").path("type").asText());
      }
      return ApiClient.FAILED;
    }

    private record Upload(String name, byte[] content) {}

    private List<Upload> uploads() {
      List<Upload> uploads = new ArrayList<>();
      if (files.isEmpty()) {
        try (InputStream in = DashboardsCommand.class.getResourceAsStream(BUNDLED)) {
          if (in == null) {
            throw new IllegalStateException(
                "the jar lacks " + BUNDLED + "; rebuild it with ./mvnw package");
          }
          uploads.add(new Upload("correlate.ndjson", in.readAllBytes()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      for (Path file : files) {
        try {
          uploads.add(new Upload(file.getFileName().toString(), Files.readAllBytes(file)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
      }
      return uploads;
    }

    /** One form field {@code file}, as {@code curl --form file=@objects.ndjson} sends it. */
    private static byte[] multipart(String boundary, Upload upload) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      String head =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
              + upload.name()
              + "\"\r\nContent-Type: application/ndjson\r\n\r\n";
      body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
      body.writeBytes(upload.content());
      body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return body.toByteArray();
    }
  }
}
