package io.multiai.gateway.ingress.problem;

import tools.jackson.databind.JsonNode;

/** Fields of a JSON request body read strictly: a wrong type is a 400 naming the field, never a 500. */
public final class RequestFields {

  private RequestFields() {}

  /**
   * The string {@code root.field}, or null when absent or JSON null.
   *
   * @throws InvalidRequestException (400) naming the field when it holds anything but a string
   */
  public static String optionalText(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw new InvalidRequestException(field, field + " must be a string");
    }
    return node.stringValue();
  }
}
