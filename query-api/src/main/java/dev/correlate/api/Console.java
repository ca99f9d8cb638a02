package dev.correlate.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The web console: static ES modules, CSS and one HTML page, read once from the resource directory
 * {@code dev/correlate/api/console/} of this jar and served from memory. The page reads only the
 * public API.
 *
 * <p>Caching: the files are served under {@code /console/<version>/<file>}, where the version is a
 * hash of every file's content, as immutable for a year; the page itself ({@code /}) names the
 * current version and is revalidated on every load ({@code no-cache}). A new build therefore
 * reaches a browser on its next page load, never half old and half new. The modules import each
 * other by relative URLs, so they stay in one version.
 */
final class Console {
  static final String PREFIX = "/console/";
  private static final String DIRECTORY = "console/";
  private static final String PAGE = "index.html";
  private static final String VERSION_PLACEHOLDER = "{{version}}";

  /** Only the console's own origin: no CDN, no inline script, nothing external. */
  private static final String POLICY =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; "
          + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private final Map<String, byte[]> files;
  private final String version;
  private final byte[] page;

  private Console(Map<String, byte[]> files) {
    if (!files.containsKey(PAGE)) {
      throw new IllegalStateException("the console has no " + PAGE);
    }
    this.files = files;
    this.version = hash(files);
    this.page =
        new String(files.get(PAGE), StandardCharsets.UTF_8)
            .replace(VERSION_PLACEHOLDER, version)
            .getBytes(StandardCharsets.UTF_8);
  }

  /** The console files of this jar (or of the classes directory, in tests). */
  static Console load() {
    URL url = Console.class.getResource(DIRECTORY);
    if (url == null) {
      throw new IllegalStateException("missing resource directory " + DIRECTORY);
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return new Console(read(Path.of(uri)));
      }
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return new Console(read(jar.provider().getPath(uri)));
      } catch (FileSystemAlreadyExistsException open) {
        return new Console(read(FileSystems.getFileSystem(uri).provider().getPath(uri)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console files", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  String version() {
    return version;
  }

  /** {@code GET /}: the page, naming the current version of the files. */
  void page(Context ctx) {
    ctx.header("Cache-Control", "no-cache");
    secure(ctx).contentType(TYPES.get("html")).result(page);
  }

  /**
   * {@code GET /console/{version}/{file}}: a file of this version; any other version or name is a
   * 404.
   */
  void file(Context ctx) {
    String name = ctx.pathParam("file");
    byte[] content = files.get(name);
    if (!version.equals(ctx.pathParam("version")) || content == null || PAGE.equals(name)) {
      throw ApiException.notFound("console file " + ctx.pathParam("version") + "/" + name);
    }
    ctx.header("Cache-Control", "public, max-age=31536000, immutable");
    secure(ctx).contentType(TYPES.get(extension(name))).result(content);
  }

  private static Context secure(Context ctx) {
    return ctx.header("Content-Security-Policy", POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer");
  }

  private static Map<String, byte[]> read(Path directory) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path file : (Iterable<Path>) entries::iterator) {
        String name = file.getFileName().toString();
        if (!TYPES.containsKey(extension(name))) {
          throw new IllegalStateException("console file of an unknown type: " + name);
        }
        files.put(name, Files.readAllBytes(file));
      }
    }
    return files;
  }

  private static String extension(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      files.forEach(
          (name, content) -> {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(content);
          });
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
