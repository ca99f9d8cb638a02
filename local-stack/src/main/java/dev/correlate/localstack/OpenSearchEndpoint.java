package dev.correlate.localstack;

/** A running OpenSearch node as tests and the launcher see it. */
public interface OpenSearchEndpoint {
  /** The HTTP base URL without a trailing slash, for example {@code http://127.0.0.1:9200}. */
  String url();
}
