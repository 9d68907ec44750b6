package io.multiai.gateway.common.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties("gateway.privacy")
public record PrivacyProperties(String userIdSecret) {}
