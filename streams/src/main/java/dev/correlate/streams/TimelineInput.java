package dev.correlate.streams;

import dev.correlate.core.model.LogEvent;

/**
 * One event on its way to one of its timelines (the key).
 *
 * @param event the enriched event
 * @param waitedOut it had been released unlinked before its link arrived
 */
record TimelineInput(LogEvent event, boolean waitedOut) {}
