package io.multiai.gateway.common.provider;

public enum ModelTier {
  CHEAP,
  STRONG
}
