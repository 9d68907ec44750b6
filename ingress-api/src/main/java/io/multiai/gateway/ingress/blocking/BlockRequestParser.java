package io.multiai.gateway.ingress.blocking;

import java.net.InetAddress;
import java.util.Set;

import io.multiai.gateway.ingress.problem.InvalidRequestException;
import io.multiai.gateway.ingress.web.TrustedProxies;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code {subject: "ip:1.2.3.4" | "client:ID", seconds, reason?}} strictly, naming the field at fault. */
public final class BlockRequestParser {

  static final long MAX_SECONDS = 366L * 24 * 3600;
  private static final Set<String> FIELDS = Set.of("subject", "seconds", "reason");

  private final JsonMapper json;

  public BlockRequestParser(JsonMapper json) {
    this.json = json;
  }

  public BlockRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = body == null || body.length == 0 ? null : json.readTree(body);
    } catch (JacksonException e) {
      throw new InvalidRequestException(null, "the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException(null, "the body must be a JSON object {subject, seconds}");
    }
    for (String name : root.propertyNames()) {
      if (!FIELDS.contains(name)) {
        throw new InvalidRequestException(name, "unknown field '" + name + "'; allowed: reason, seconds, subject");
      }
    }
    JsonNode subjectNode = root.get("subject");
    if (subjectNode == null || !subjectNode.isString()) {
      throw new InvalidRequestException("subject", "subject must be a string: ip:<address> or client:<id>");
    }
    String subject = subject(subjectNode.stringValue().strip());
    JsonNode secondsNode = root.get("seconds");
    if (secondsNode == null || !secondsNode.isIntegralNumber() || !secondsNode.canConvertToLong()
        || secondsNode.longValue() < 1 || secondsNode.longValue() > MAX_SECONDS) {
      throw new InvalidRequestException("seconds", "seconds must be a whole number from 1 to " + MAX_SECONDS);
    }
    JsonNode reasonNode = root.get("reason");
    String reason = null;
    if (reasonNode != null && !reasonNode.isNull()) {
      if (!reasonNode.isString() || reasonNode.stringValue().length() > 500) {
        throw new InvalidRequestException("reason", "reason must be a string of at most 500 characters");
      }
      reason = reasonNode.stringValue();
    }
    return new BlockRequest(subject, secondsNode.longValue(), reason);
  }

  /** The canonical subject: IPs in the form the edge sees them (so ::1 and 0:0::1 are one subject). */
  public static String subject(String text) {
    if (text.startsWith("ip:")) {
      InetAddress address = TrustedProxies.parseLiteral(text.substring(3));
      if (address == null) {
        throw new InvalidRequestException("subject", "ip: must be followed by an IPv4 or IPv6 address");
      }
      return "ip:" + address.getHostAddress();
    }
    if (text.startsWith("client:") && text.length() > 7 && text.length() <= 207
        && text.substring(7).chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return text;
    }
    throw new InvalidRequestException("subject", "subject must be ip:<address> or client:<id>");
  }
}
