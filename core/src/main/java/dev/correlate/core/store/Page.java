package dev.correlate.core.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items the items, in the listing's order
 * @param next where the next page starts; empty when this page is the last one
 */
public record Page<T>(List<T> items, Optional<SortKey> next) {
  public Page {
    items = List.copyOf(items);
  }
}
