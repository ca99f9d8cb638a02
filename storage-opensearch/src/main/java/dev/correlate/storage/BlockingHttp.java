package dev.correlate.storage;

import dev.correlate.core.store.StorageUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * Requests answered on the calling thread: a blocking HTTP/1.1 client to the same node, with the
 * same timeouts and credentials as {@link OpenSearchClients#create}, for the requests whose cost
 * per call matters: the query API's searches (a person waits for the page) and the indexer's bulks
 * (megabytes each, thousands of documents per second). The OpenSearch client's transport is
 * asynchronous: its I/O thread reads the answer into a buffer of its own and then wakes the waiting
 * thread, and its generic request path copies a body into a growing buffer and out again: two
 * thread wake-ups and two or three copies per request. Here the calling thread writes the body as
 * it is given (no copy: the array goes to the socket) and reads the answer itself, into one array
 * of the answer's length, and every status is the caller's to handle (no request is sent again by
 * the client itself). Neither side is compressed (a node on the same network would spend more CPU
 * compressing than the transfer saves), as with the OpenSearch client.
 *
 * <p>Holds a connection pool of at most {@link #CONNECTIONS} connections to the node and no thread:
 * close it with the OpenSearch client.
 */
public final class BlockingHttp implements AutoCloseable {
  /**
   * Connections to the node at most (the pool's default, made explicit): the streams service's
   * indexer has two bulks in flight and its job gauges one search at a time; a query API request
   * holds one for its search. A request beyond waits for a connection to be returned.
   */
  public static final int CONNECTIONS = 5;

  /** An answer: its HTTP status and whole body. */
  public record Answer(int status, byte[] body) {}

  /**
   * Where a request goes: a path and parameters, its URI built once ({@link #target}). A reader
   * keeps the few it sends to; building the URI per request (a parse of the base, the query's
   * encoding) was 3 % of the query API's CPU on a small page.
   */
  public record Target(URI uri) {}

  private final URI base;
  private final CloseableHttpClient http;

  private BlockingHttp(URI base, CloseableHttpClient http) {
    this.base = base;
    this.http = http;
  }

  /** A client for {@code settings.url()}, its timeouts and credentials. */
  public static BlockingHttp create(OpenSearchSettings settings) {
    HttpClientBuilder http =
        HttpClients.custom()
            .disableContentCompression()
            // the client's own retry strategy would send a request again, a second later, on a
            // 429 or 503: what to do then is the caller's (the bulk writer's backoff and counters;
            // a search's answer), as with the OpenSearch client
            .disableAutomaticRetries()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(CONNECTIONS)
                    .setMaxConnTotal(CONNECTIONS)
                    .setDefaultConnectionConfig(OpenSearchClients.connections(settings))
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                    .build());
    OpenSearchClients.credentials(settings).ifPresent(http::setDefaultCredentialsProvider);
    return new BlockingHttp(settings.url(), http.build());
  }

  /** {@code path} on the node, with {@code params}. */
  public Target target(String path, Map<String, String> params) {
    try {
      URIBuilder uri = new URIBuilder(base).appendPath(path);
      params.forEach(uri::addParameter);
      return new Target(uri.build());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a request path: " + path, e);
    }
  }

  /**
   * POSTs {@code body} to {@code target} and reads the whole answer, whatever its status.
   *
   * @throws StorageUnavailableException when no answer came
   */
  public Answer post(Target target, byte[] body, ContentType type) {
    HttpPost post = new HttpPost(target.uri());
    post.setEntity(new ByteArrayEntity(body, type));
    try (ClassicHttpResponse response = http.executeOpen(null, post, null)) {
      HttpEntity entity = response.getEntity();
      return new Answer(
          response.getCode(), entity == null ? new byte[0] : EntityUtils.toByteArray(entity));
    } catch (IOException e) {
      throw new StorageUnavailableException("cannot reach OpenSearch: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    http.close(CloseMode.GRACEFUL);
  }
}
