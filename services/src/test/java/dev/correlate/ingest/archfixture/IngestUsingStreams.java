package dev.correlate.ingest.archfixture;

import dev.correlate.streams.StreamsSettings;

/**
 * A violation for {@code ServiceArchitectureTest} to catch: one deployable using another. Never in
 * main code.
 */
public final class IngestUsingStreams {
  StreamsSettings settings;
}
