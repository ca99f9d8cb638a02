package dev.correlate.api;

/**
 * A request the API refuses with a problem document (4xx); carries the problem's kind and detail.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String kind;
  private final String title;

  private ApiException(int status, String kind, String title, String detail) {
    super(detail);
    this.status = status;
    this.kind = kind;
    this.title = title;
  }

  static ApiException badParameter(String name, String detail) {
    return new ApiException(
        400, "invalid-parameter", "Invalid parameter", "parameter '" + name + "' " + detail);
  }

  static ApiException notFound(String what) {
    return new ApiException(404, "not-found", "Not found", what + " not found");
  }

  static ApiException unauthorized(String detail) {
    return new ApiException(401, "unauthorized", "Unauthorized", detail);
  }

  Problem problem(String instance) {
    return new Problem("/problems/" + kind, title, status, getMessage(), instance);
  }
}
