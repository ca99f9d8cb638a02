package dev.correlate.api;

import dev.correlate.core.config.Secret;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * Bearer-token authentication. Several tokens may be valid at once, so a token can be rotated
 * without downtime. Tokens are compared in constant time, and every configured token is compared,
 * so timing says nothing about which one nearly matched. Health, the OpenAPI document and the web
 * console's page and files are open: they reveal no data (the console asks for a token and sends it
 * with its API calls).
 */
final class BearerAuth {
  private static final Set<String> OPEN_PATHS =
      Set.of("/api/v1/health", "/api/v1/openapi.json", "/");

  private final List<Secret> tokens;

  BearerAuth(List<Secret> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  boolean enabled() {
    return !tokens.isEmpty();
  }

  void check(Context ctx) {
    if (!enabled() || OPEN_PATHS.contains(ctx.path()) || ctx.path().startsWith(Console.PREFIX)) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw ApiException.unauthorized("a bearer token is required (Authorization: Bearer <token>)");
    }
    if (!Secret.matchesAny(tokens, header.substring(7).trim())) {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw ApiException.unauthorized("the bearer token is not valid");
    }
  }
}
