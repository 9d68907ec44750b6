package io.multiai.gateway.ingress.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.web.ProblemWriter;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean(destroyMethod = "close")
  ApiKeys apiKeys(SecurityProperties properties) {
    return new ApiKeys(new KeyRingLoader(properties), properties.reloadInterval());
  }

  @Bean
  AuthenticationFilter authenticationFilter(SecurityProperties properties, ApiKeys keys, ProblemWriter problems,
      AuditLog audit, Environment env) {
    if (!properties.authEnabled()) {
      requireLoopback(env.getProperty("server.address"));
    }
    return new AuthenticationFilter(keys, properties.authEnabled(), problems, audit);
  }

  /** Without keys, anyone who can reach the port can spend the provider budget: loopback only. */
  static void requireLoopback(String address) {
    boolean loopback;
    try {
      loopback = address != null && !address.isBlank() && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      throw new IllegalStateException("gateway.security.auth-enabled=false is allowed only with server.address bound to "
          + "the loopback interface (127.0.0.1); server.address is " + address);
    }
    log.warn("""

        ************************************************************************
        *  AUTHENTICATION IS OFF: every caller on {} is trusted.               *
        *  For a local run only. Set AI_AUTH_ENABLED=true and configure keys.   *
        ************************************************************************""", address);
  }
}
