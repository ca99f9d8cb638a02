package dev.correlate.ingest.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import dev.correlate.core.cloudwatch.DecodeFailure;
import dev.correlate.core.cloudwatch.Provenance;
import dev.correlate.core.health.Fatal;
import dev.correlate.core.model.RawLogEvent;
import dev.correlate.ingest.IngestMain;
import dev.correlate.ingest.IngestSettings;
import dev.correlate.ingest.Intake;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * The Lambda function for estates that subscribe a Lambda to their log groups: the same decoder and
 * producer as the HTTP endpoint. An undecodable payload is quarantined and the invocation succeeds
 * (a retry would fail the same way); when Kafka does not acknowledge in time the invocation fails,
 * so Lambda's asynchronous retries deliver the batch again (duplicates are removed by event id
 * downstream).
 *
 * <p>Configured by the same {@code CORRELATE_*} variables as the service; the producer lives as
 * long as the execution environment.
 */
public final class CloudWatchLogsHandler implements RequestHandler<CloudWatchLogsEvent, String> {
  private static volatile Intake shared;

  private final Intake intake;
  private final Clock clock;

  /** Used by the Lambda runtime. */
  public CloudWatchLogsHandler() {
    this(sharedIntake(), Clock.systemUTC());
  }

  /** A handler writing through {@code intake}, for tests and for embedding. */
  public CloudWatchLogsHandler(Intake intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  private static Intake sharedIntake() {
    Intake current = shared;
    if (current == null) {
      synchronized (CloudWatchLogsHandler.class) {
        current = shared;
        if (current == null) {
          IngestSettings settings = IngestMain.settings(System.getenv());
          // a producer that cannot recover ends the execution environment; Lambda starts a fresh
          // one
          current = Intake.connect(settings, new SimpleMeterRegistry(), Fatal.exitProcess());
          shared = current;
        }
      }
    }
    return current;
  }

  @Override
  public String handleRequest(CloudWatchLogsEvent event, Context context) {
    String requestId =
        context != null && context.getAwsRequestId() != null
            ? context.getAwsRequestId()
            : UUID.randomUUID().toString();
    Intake.Batch batch =
        intake.begin(Provenance.of(RawLogEvent.Intake.LAMBDA, clock.millis()), requestId);
    String data = event == null || event.getAwsLogs() == null ? null : event.getAwsLogs().getData();
    if (data == null) {
      batch.reject(
          String.valueOf(event).getBytes(StandardCharsets.UTF_8),
          new DecodeFailure(
              DecodeFailure.Reason.WRONG_SHAPE, "no awslogs.data in the Lambda event"));
    } else {
      batch.addBase64(data);
    }
    Intake.Summary summary = batch.await();
    return "events="
        + summary.events()
        + " control_messages="
        + summary.controlMessages()
        + " quarantined="
        + summary.quarantined();
  }
}
