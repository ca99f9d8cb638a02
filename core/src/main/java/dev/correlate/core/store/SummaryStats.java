package dev.correlate.core.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counts over the timeline summaries a {@link SummaryFilter} selects: what an overview shows. The
 * same summaries a listing with that filter would page through are counted, so the numbers equal
 * the listing's lengths.
 *
 * @param total summaries selected
 * @param statuses summaries per status
 * @param categories failing summaries (status in {@link Query#failing()}) per failure category; a
 *     failing summary without a category is counted in {@code statuses} only
 * @param buckets per time bucket of the summaries' last event time, oldest first; buckets without a
 *     summary are left out
 * @param failingServices the services the first error of failing summaries was logged by, most
 *     frequent first (ties by name), at most {@link #TOP_SERVICES}
 */
public record SummaryStats(
    long total,
    Map<String, Long> statuses,
    Map<String, Long> categories,
    List<Bucket> buckets,
    List<ServiceCount> failingServices) {
  /** Services listed in {@link #failingServices} at most. */
  public static final int TOP_SERVICES = 10;

  /** Nothing counted: no summary matched, or there is no store to count in yet. */
  public static final SummaryStats EMPTY =
      new SummaryStats(0, Map.of(), Map.of(), List.of(), List.of());

  public SummaryStats {
    statuses = Map.copyOf(statuses);
    categories = Map.copyOf(categories);
    buckets = List.copyOf(buckets);
    failingServices = List.copyOf(failingServices);
  }

  /**
   * What to count.
   *
   * @param filter the summaries to count, with a listing's semantics (a summary is in the window
   *     when it has events inside it)
   * @param failing the statuses that count as failing ({@code failed}, {@code stuck} for jobs)
   * @param bucketMs width of a time bucket; buckets start at whole multiples of it since the epoch
   */
  public record Query(SummaryFilter filter, Set<String> failing, long bucketMs) {
    public Query {
      Objects.requireNonNull(filter, "filter");
      failing = Set.copyOf(failing);
      if (bucketMs <= 0) {
        throw new IllegalArgumentException("bucketMs must be positive: " + bucketMs);
      }
    }
  }

  /**
   * The summaries whose last event falls in {@code [start, start + bucketMs)}.
   *
   * @param start epoch ms, a whole multiple of the bucket width
   * @param statuses summaries per status
   * @param categories failing summaries per failure category
   */
  public record Bucket(long start, Map<String, Long> statuses, Map<String, Long> categories) {
    public Bucket {
      statuses = Map.copyOf(statuses);
      categories = Map.copyOf(categories);
    }
  }

  /** How many failing summaries had their first error in {@code service}. */
  public record ServiceCount(String service, long count) {}
}
