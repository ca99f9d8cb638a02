package dev.correlate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code correlate job <job-id>}: a backtest job's status, diagnosis, evidence and timeline. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Show a backtest job: status, stages, diagnosis with evidence, and its timeline.")
final class JobCommand implements Callable<Integer> {
  @ParentCommand CorrelateCli root;

  @Mixin ApiOptions options;

  @Parameters(
      index = "0",
      paramLabel = "JOB_ID",
      description = "The backtest job id, for example bt-abc123.")
  String id;

  @Option(
      names = "--events",
      defaultValue = "200",
      description = "Timeline events to show (default ${DEFAULT-VALUE}; 0 for none).")
  int events;

  @Override
  public Integer call() {
    return QueryCommands.run(
        root,
        options,
        render -> {
          ApiClient api = options.client(root);
          String path = "/api/v1/jobs/" + ApiClient.segment(id);
          JsonNode job = api.get(path, ApiClient.query());
          JsonNode context =
              job.get("failure") == null || job.get("failure").isNull()
                  ? null
                  : api.get(path + "/failure-context", ApiClient.query());
          JsonNode timeline =
              events <= 0 ? null : api.get(path + "/timeline", ApiClient.query("limit", events));
          if (options.json) {
            var out = dev.correlate.core.json.Json.mapper().createObjectNode();
            out.set("job", job);
            out.set("failure_context", context);
            out.set("timeline", timeline);
            return out.toPrettyString() + "\n";
          }
          return render.job(job, context, timeline);
        });
  }
}
