package io.multiai.gateway.common.web;

import org.springframework.http.server.PathContainer;

/**
 * Decides whether a request path has a shape the handlers can be trusted with. Spring matches
 * routes on decoded segments, so a segment that decodes to something a path cannot otherwise hold
 * (a slash, a backslash, a control character, invalid UTF-8) or to a dot segment that a proxy in
 * front might normalise away reaches handlers with input they never expected: the actuator health
 * endpoint answered {@code /actuator/health/a%2Fb} with a 500 and a 190-line stack trace.
 * Refusing those shapes up front is what closes the whole class, not one input.
 *
 * <p>What passes: any number of segments of printable, valid UTF-8 text other than {@code .} and
 * {@code ..}, matrix parameters (dropped by the router and by the access rules alike), empty
 * segments from double slashes (they match no route, and the access rules skip them, so they can
 * only make a path more restricted), up to {@link #MAX_PATH_CHARS} raw characters.
 */
public final class PathFirewall {

  /** Longer paths are not ours: the longest route is far below this. */
  public static final int MAX_PATH_CHARS = 2048;

  private PathFirewall() {}

  /**
   * @param path the request's path within the application (raw and decoded values both available)
   * @return why the path is refused, in a few words fit for a problem detail, or null when it passes
   */
  public static String rejection(PathContainer path) {
    if (path.value().length() > MAX_PATH_CHARS) {
      return "the path is longer than " + MAX_PATH_CHARS + " characters";
    }
    for (PathContainer.Element element : path.elements()) {
      if (element instanceof PathContainer.PathSegment segment) {
        String refused = segmentRejection(segment.valueToMatch());
        if (refused != null) {
          return refused;
        }
      }
    }
    return null;
  }

  private static String segmentRejection(String decoded) {
    if (decoded.equals(".") || decoded.equals("..")) {
      return "the path has a dot segment";
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c == '/' || c == '\\') {
        return "the path has an encoded slash or backslash in a segment";
      }
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        return "the path has a control character";
      }
      if (c == '\uFFFD') {
        // What the decoder puts in place of bytes that are not UTF-8 (%FF, overlong %C0%AF).
        return "the path is not valid UTF-8";
      }
    }
    return null;
  }
}
