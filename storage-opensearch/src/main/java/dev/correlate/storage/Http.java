package dev.correlate.storage;

import java.io.IOException;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * Raw requests through the client's generic API, with every HTTP status returned as a value: the
 * transport throws {@link ResponseException} for error statuses, which would mix "OpenSearch
 * answered 429" with "no answer at all".
 */
final class Http {
  /** A status and the response body. */
  record Result(int status, String body) {
    boolean ok() {
      return status < 300;
    }
  }

  private Http() {}

  /** Executes {@code request}; throws {@link IOException} only when no HTTP answer came. */
  static Result execute(OpenSearchClient client, Request request) throws IOException {
    try (Response response = client.generic().execute(request)) {
      return new Result(
          response.getStatus(), response.getBody().map(b -> b.bodyAsString()).orElse(""));
    } catch (ResponseException e) {
      // the exception's message is "<request and status line>\n<body>"; its Response type is not
      // public
      String message = e.getMessage() == null ? "" : e.getMessage();
      int newline = message.indexOf('\n');
      String body = newline < 0 ? "" : message.substring(newline + 1);
      return new Result(e.status(), body);
    }
  }
}
