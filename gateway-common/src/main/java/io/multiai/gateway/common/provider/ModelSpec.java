package io.multiai.gateway.common.provider;

public record ModelSpec(String id, ProviderId provider, ModelTier tier) {}
