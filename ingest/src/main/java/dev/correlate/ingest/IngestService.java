package dev.correlate.ingest;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import io.javalin.Javalin;

/**
 * A running ingest: the HTTP endpoint, its Kafka producer and admin. Healthy when Kafka is
 * reachable and the topics exist. Closing stops accepting requests, then flushes and closes the
 * producer.
 */
public final class IngestService implements Component {
  private final Javalin app;
  private final Intake intake;
  private final KafkaAdmin admin;

  IngestService(Javalin app, Intake intake, KafkaAdmin admin) {
    this.app = app;
    this.intake = intake;
    this.admin = admin;
  }

  @Override
  public String name() {
    return "ingest";
  }

  /** The port it listens on (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public CheckResult check() {
    return admin.check();
  }

  @Override
  public void close() {
    app.stop();
    intake.close();
    admin.close();
  }
}
