package dev.correlate.core.archfixture;

import dev.correlate.core.store.TimelineQueries;

/**
 * A violation for {@code CoreArchitectureTest} to catch: a storage implementation in core. Never in
 * main code.
 */
public abstract class QueriesInCore implements TimelineQueries {}
