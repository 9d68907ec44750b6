package io.multiai.gateway.common.catalog;

import java.util.Arrays;
import java.util.Optional;

/** The providers the gateway speaks to, by the names clients use to pin them. */
public enum ProviderId {
  CLAUDE("claude"),
  OPENAI("openai"),
  GEMINI("gemini");

  private final String wireName;

  ProviderId(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ProviderId> fromWireName(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equalsIgnoreCase(name)).findFirst();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
