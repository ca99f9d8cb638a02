package dev.correlate.streams;

import dev.correlate.core.health.CheckResult;
import dev.correlate.core.health.Component;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Whether the brokers answer, within {@link StreamsService#CHECK_TIMEOUT}. While they do not, Kafka
 * Streams and the indexer wait (their own states may not show it for a while): this says why
 * nothing moves.
 */
final class BrokerCheck implements Component {
  private final Admin admin;
  private final String bootstrap;

  BrokerCheck(Admin admin, String bootstrap) {
    this.admin = admin;
    this.bootstrap = bootstrap;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public CheckResult check() {
    try {
      return admin
              .describeCluster()
              .nodes()
              .get(StreamsService.CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .isEmpty()
          ? CheckResult.unhealthy("Kafka at " + bootstrap + " reports no brokers")
          : CheckResult.OK;
    } catch (ExecutionException | TimeoutException e) {
      return CheckResult.unhealthy(
          "Kafka at "
              + bootstrap
              + " does not answer: "
              + (e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.unhealthy("interrupted");
    }
  }

  @Override
  public void close() {
    // the admin client is the service's
  }
}
