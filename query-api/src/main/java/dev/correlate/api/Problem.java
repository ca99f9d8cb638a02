package dev.correlate.api;

/**
 * An RFC 9457 problem document, sent as {@code application/problem+json}.
 *
 * @param type a URI naming the kind of problem, relative to the API
 * @param title a short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong with this request, in words a client can act on
 * @param instance the request path
 */
record Problem(String type, String title, int status, String detail, String instance) {}
