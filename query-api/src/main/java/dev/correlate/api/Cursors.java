package dev.correlate.api;

import dev.correlate.core.store.SortKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque page cursors: the sort key of the last item sent, tagged with the listing it belongs to,
 * in URL-safe base64. A cursor is a position, not a snapshot, so it stays valid while a timeline
 * grows: the next page starts right after the last event the client saw.
 */
final class Cursors {
  /** The listing a cursor belongs to; a cursor of one listing is refused by another. */
  enum Listing {
    TIMELINE,
    SUMMARIES,
    SEARCH
  }

  private static final int MAX_LENGTH = 512;

  private Cursors() {}

  static String encode(Listing listing, SortKey key) {
    String plain = listing.ordinal() + ":" + key.time() + ":" + key.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  static Optional<String> encode(Listing listing, Optional<SortKey> key) {
    return key.map(k -> encode(listing, k));
  }

  /** Decodes {@code cursor} (null or empty: no cursor); anything else malformed is a 400. */
  static Optional<SortKey> decode(Listing listing, String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return Optional.empty();
    }
    ApiException invalid = ApiException.badParameter("cursor", "is not a cursor of this listing");
    if (cursor.length() > MAX_LENGTH) {
      throw invalid;
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = plain.split(":", 3);
      if (parts.length != 3
          || !parts[0].equals(String.valueOf(listing.ordinal()))
          || parts[2].isEmpty()) {
        throw invalid;
      }
      return Optional.of(new SortKey(Long.parseLong(parts[1]), parts[2]));
    } catch (IllegalArgumentException malformed) {
      throw invalid;
    }
  }
}
