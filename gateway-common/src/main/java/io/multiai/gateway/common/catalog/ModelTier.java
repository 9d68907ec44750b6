package io.multiai.gateway.common.catalog;

public enum ModelTier {
  CHEAP,
  STRONG
}
