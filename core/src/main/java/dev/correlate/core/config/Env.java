package dev.correlate.core.config;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one reader of configuration variables ({@code CORRELATE_*}): every {@code *Main} and the
 * launcher turn their environment into typed settings records through it.
 *
 * <p>An absent or blank variable takes the default. Every error names the variable and its value,
 * in one shape: {@code CORRELATE_HOLD_TIME=abc: not a duration (use 500ms, …)}; the value of a
 * {@linkplain #secrets secret} is never shown, nor the user info of a URL ({@code
 * https://<redacted>@host}). Settings records keep validating in their compact constructors; {@link
 * #settings} names the variable behind such an error by building the record again without each
 * variable that was set.
 */
public final class Env {
  private static final String REDACTED = "<redacted>";

  private final Map<String, String> variables;

  /** The variables read with a value, in reading order; only while {@link #settings} records. */
  private final Set<String> used;

  private final Set<String> secret;

  private Env(Map<String, String> variables, Set<String> used, Set<String> secret) {
    this.variables = variables;
    this.used = used;
    this.secret = secret;
  }

  /** A reader over {@code variables}, for example {@code System.getenv()}. */
  public static Env of(Map<String, String> variables) {
    return new Env(Map.copyOf(variables), new LinkedHashSet<>(), new LinkedHashSet<>());
  }

  /**
   * Builds settings with this reader. A record constructor's {@link IllegalArgumentException} is
   * reported naming the variables it depends on: {@code build} is run again without each variable
   * that was set, and those whose absence makes the error go away (or change) are named. An error
   * of a single variable already names it.
   *
   * @throws InvalidConfigurationException naming the offending variables and their values
   */
  public <T> T settings(Function<Env, T> build) {
    Env recording = new Env(variables, new LinkedHashSet<>(), secret);
    try {
      return build.apply(recording);
    } catch (InvalidConfigurationException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      List<String> culprits = new ArrayList<>();
      for (String name : recording.used) {
        Map<String, String> without = new HashMap<>(variables);
        without.remove(name);
        if (!sameFailure(build, new Env(Map.copyOf(without), new LinkedHashSet<>(), secret), e)) {
          culprits.add(name);
        }
      }
      List<String> named = culprits.isEmpty() ? List.copyOf(recording.used) : culprits;
      String prefix = named.stream().map(this::shown).collect(Collectors.joining(", "));
      throw new InvalidConfigurationException(
          (prefix.isEmpty() ? "invalid default settings" : prefix) + ": " + e.getMessage(), e);
    }
  }

  private static <T> boolean sameFailure(
      Function<Env, T> build, Env env, IllegalArgumentException original) {
    try {
      build.apply(env);
      return false;
    } catch (IllegalArgumentException e) {
      return Objects.equals(e.getMessage(), original.getMessage());
    }
  }

  /** The trimmed value, or {@code fallback}. */
  public String string(String name, String fallback) {
    String value = raw(name);
    return value == null ? fallback : value;
  }

  /** An integer in {@code [min, max]}, or {@code fallback}. */
  public int integer(String name, int fallback, int min, int max) {
    return (int) longValue(name, fallback, min, max);
  }

  /** A long in {@code [min, max]}, or {@code fallback}. */
  public long longValue(String name, long fallback, long min, long max) {
    return parse(
        name,
        fallback,
        text -> {
          long n;
          try {
            n = Long.parseLong(text);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
          }
          return within(n, min, max);
        });
  }

  /** A TCP port, 0 (any free port) to 65535, or {@code fallback}. */
  public int port(String name, int fallback) {
    return integer(name, fallback, 0, 65_535);
  }

  /**
   * A duration ({@link Durations#parse}: {@code 500ms}, {@code 30s}, {@code 15m}, {@code PT15M} …),
   * or {@code fallback}.
   */
  public Duration duration(String name, Duration fallback) {
    return parse(name, fallback, Durations::parse);
  }

  /**
   * A byte size ({@link ByteSizes#parse}: {@code 1048576}, {@code 512KiB}, {@code 1MiB}) in {@code
   * [min, max]}.
   */
  public long bytes(String name, long fallback, long min, long max) {
    return parse(name, fallback, text -> within(ByteSizes.parse(text), min, max));
  }

  /** {@code true} or {@code false} (any case), or {@code fallback}. */
  public boolean bool(String name, boolean fallback) {
    return parse(
        name,
        fallback,
        text ->
            switch (text.toLowerCase(Locale.ROOT)) {
              case "true" -> true;
              case "false" -> false;
              default -> throw new IllegalArgumentException("not a boolean (use true or false)");
            });
  }

  /** A comma-separated list, blanks around and between items dropped, or {@code fallback}. */
  public List<String> list(String name, List<String> fallback) {
    return parse(name, fallback, Env::items);
  }

  /** An absolute URI ({@code http://host:port}), or {@code fallback}. */
  public URI uri(String name, URI fallback) {
    return parse(
        name,
        fallback,
        text -> {
          URI uri = URI.create(text);
          if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(
                "not an absolute URL with a host (use http://host:port)");
          }
          return uri;
        });
  }

  /** A file system path, or {@code fallback}. */
  public Path path(String name, Path fallback) {
    return parse(
        name,
        fallback,
        text -> {
          try {
            return Path.of(text);
          } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a path: " + e.getReason());
          }
        });
  }

  /**
   * One of {@code allowed}, compared ignoring case and returned as written there, or {@code
   * fallback}.
   */
  public String oneOf(String name, String fallback, List<String> allowed) {
    return parse(
        name,
        fallback,
        text ->
            allowed.stream()
                .filter(a -> a.equalsIgnoreCase(text))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException("not one of " + String.join(", ", allowed))));
  }

  /**
   * A constant of {@code type} by name, ignoring case, or {@code fallback}. Errors list the names
   * in lower case, as the variables are written ({@code CORRELATE_ACCESS_LOG=errors}).
   */
  public <E extends Enum<E>> E oneOf(String name, E fallback, Class<E> type) {
    Map<String, E> byName = new LinkedHashMap<>();
    for (E constant : type.getEnumConstants()) {
      byName.put(constant.name().toLowerCase(Locale.ROOT), constant);
    }
    return byName.get(
        oneOf(name, fallback.name().toLowerCase(Locale.ROOT), List.copyOf(byName.keySet())));
  }

  /** One credential, if set; its value never appears in errors or in {@link Secret#toString()}. */
  public Optional<Secret> secret(String name) {
    secret.add(name);
    return Optional.ofNullable(raw(name)).map(Secret::new);
  }

  /**
   * Comma-separated credentials; their values never appear in errors or in {@link
   * Secret#toString()}.
   */
  public List<Secret> secrets(String name) {
    secret.add(name);
    return parse(name, List.of(), text -> items(text).stream().map(Secret::new).toList());
  }

  /**
   * A value of any type, parsed by {@code parser}, or {@code fallback}. An {@link
   * IllegalArgumentException} (or any other runtime exception) of the parser is reported naming the
   * variable and its value.
   */
  public <T> T parse(String name, T fallback, Function<String, T> parser) {
    String value = raw(name);
    if (value == null) {
      return fallback;
    }
    try {
      return parser.apply(value);
    } catch (InvalidConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(shown(name) + ": " + e.getMessage(), e);
    }
  }

  /** The trimmed value, null when absent or blank; remembers the variable for {@link #settings}. */
  private String raw(String name) {
    String value = variables.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    used.add(name);
    return value.trim();
  }

  private String shown(String name) {
    String value = variables.get(name);
    return name
        + "="
        + (secret.contains(name) ? REDACTED : value == null ? "" : withoutUserInfo(value.trim()));
  }

  /**
   * {@code value} with the user info of a URL in it ({@code https://user:pass@host}) redacted: it
   * may hold a password.
   */
  static String withoutUserInfo(String value) {
    int scheme = value.indexOf("://");
    if (scheme < 0) {
      return value;
    }
    int start = scheme + 3;
    int end = start;
    while (end < value.length() && "/?#".indexOf(value.charAt(end)) < 0) {
      end++;
    }
    int at = value.lastIndexOf('@', end - 1);
    return at < start ? value : value.substring(0, start) + REDACTED + value.substring(at);
  }

  private static long within(long n, long min, long max) {
    if (n < min || n > max) {
      throw new IllegalArgumentException("must be from " + min + " to " + max);
    }
    return n;
  }

  private static List<String> items(String text) {
    return Arrays.stream(text.split(","))
        .map(String::trim)
        .filter(item -> !item.isEmpty())
        .toList();
  }
}
