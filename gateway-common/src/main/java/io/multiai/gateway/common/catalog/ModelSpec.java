package io.multiai.gateway.common.catalog;

public record ModelSpec(String id, ProviderId provider, ModelTier tier) {}
