package dev.correlate.core.store;

import java.util.Objects;

/**
 * The position of an item in a keyset-paginated listing: its time (epoch ms) and its id as
 * tiebreaker, so the order is total.
 */
public record SortKey(long time, String id) {
  public SortKey {
    Objects.requireNonNull(id, "id");
  }
}
