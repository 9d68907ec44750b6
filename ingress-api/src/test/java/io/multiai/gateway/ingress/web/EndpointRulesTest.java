package io.multiai.gateway.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class EndpointRulesTest {

  @ParameterizedTest(name = "{0} -> {1}, {2}")
  @CsvSource({
      "/api/ai/status,                    STATUS,   PUBLIC",
      "/actuator/health,                  STATUS,   PUBLIC",
      "/actuator/health/liveness,         STATUS,   PUBLIC",
      "/api/ai/route,                     ROUTE,    CLIENT",
      "/api/ai/ensemble,                  ENSEMBLE, CLIENT",
      "/api/ai/metrics,                   METRICS,  CLIENT",
      "/metrics,                          METRICS,  ADMIN",
      "/actuator/prometheus,              METRICS,  ADMIN",
      "/api/ai/admin/blocks,              ADMIN,    ADMIN",
      "/api/ai/analytics/summary,         ADMIN,    ADMIN",
      "/api/ai/alerts,                    ADMIN,    ADMIN",
      "/api/ai/users/u-1/metrics/export,  ADMIN,    ADMIN",
      "/admin/multi-ai/analytics,         ADMIN,    ANONYMOUS_OR_ADMIN",
      "/admin/multi-ai/console/console.js, ADMIN,   ANONYMOUS_OR_ADMIN",
      "/admin/multi-ai/analytics/data,    ADMIN,    ADMIN",
      "/admin/multi-ai,                   ADMIN,    ADMIN",
      "/admin/multi-ai/consoles,          ADMIN,    ADMIN",
      "/admin/other,                      ADMIN,    ADMIN",
      "/actuator/env,                     ADMIN,    ADMIN",
      "/api/ai/batch,                     OTHER,    CLIENT",
      "/api/ai/alertsfeed,                OTHER,    CLIENT"})
  void classifiesEachPathByItsPrefix(String path, EndpointClass endpointClass, Access access) {
    assertThat(EndpointRules.classify(MockServerHttpRequest.get(path).build().getPath()))
        .isEqualTo(new Endpoint(endpointClass, access));
  }

  /** The API description and the WebJars hold no data: an integrator reads them before having a key. */
  @ParameterizedTest(name = "{0} is a public file")
  @CsvSource({"/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/swagger-ui", "/swagger-ui.html",
      "/webjars/uplot/dist/uPlot.iife.min.js"})
  void theConsoleShellTheApiDescriptionAndWebJarsArePublicFiles(String path) {
    assertThat(EndpointRules.classify(MockServerHttpRequest.get(path).build().getPath()))
        .isEqualTo(new Endpoint(EndpointClass.OTHER, Access.PUBLIC));
  }

  @ParameterizedTest(name = "{0} is admin-only")
  @CsvSource({"/api/ai/%61dmin/blocks", "/API/AI/ADMIN/blocks", "/api/ai//admin/blocks", "/api/ai/admin;x=1/blocks",
      "/api/ai/admin%2Fblocks", "/api/ai/admin/"})
  void encodedOrOddlySpelledAdminPathsAreStillAdminOnly(String path) {
    // A raw URI: the template form of MockServerHttpRequest.get would escape the % itself.
    MockServerHttpRequest request = MockServerHttpRequest.method(HttpMethod.GET, URI.create(path)).build();

    assertThat(EndpointRules.classify(request.getPath()).access()).isEqualTo(Access.ADMIN);
  }
}
