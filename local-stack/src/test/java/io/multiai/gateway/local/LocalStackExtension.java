package io.multiai.gateway.local;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The end-to-end tests' one set-up: an in-JVM KRaft broker, the provider fakes if asked for, and the
 * whole pipeline ({@link GatewayStack}) with the test keys, started once for the test class before its
 * own {@code @BeforeAll} and closed after its {@code @AfterAll} (the stack before the fakes and the
 * broker it uses). Before each test, answers an earlier test scripted on the fakes and never used are
 * discarded, so no test depends on another's leftovers.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalStackExtension local = LocalStackExtension.withProviderFakes()
 *     .everywhere("gateway.resilience.retry.base-delay-ms", 10)
 *     .ingress(LocalStackExtension.PLAIN_EDGE);
 * }</pre>
 *
 * Configure it in the field's initializer; it is read when the class starts.
 */
final class LocalStackExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  /** Ingress settings for tests the edge is not about: no rate limits, no response cache. */
  static final Map<String, Object> PLAIN_EDGE = Map.of("gateway.cache.enabled", false, "gateway.rate-limit.enabled", false);

  private final boolean providerFakes;
  private final String[] liveProviders;
  private final Map<String, Object> everywhere = new LinkedHashMap<>();
  private final Map<String, Object> ingress = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> otherServices = new HashMap<>();
  private LocalKafka kafka;
  private ProviderFakes fakes;
  private GatewayStack stack;

  private GatewayStack.Options options;

  private LocalStackExtension(boolean providerFakes, String... liveProviders) {
    this.providerFakes = providerFakes;
    this.liveProviders = liveProviders;
    everywhere.put("server.port", 0);
  }

  /** Every provider simulated (no API key set). */
  static LocalStackExtension simulated() {
    return new LocalStackExtension(false);
  }

  /**
   * The named providers ({@code claude}, {@code openai}, {@code gemini}; none named: all three) live
   * and pointed at their fakes ({@link ProviderFakes}), each test scripting their answers; the others simulated.
   */
  static LocalStackExtension withProviderFakes(String... liveProviders) {
    return new LocalStackExtension(true, liveProviders);
  }

  /** A property for every service. */
  LocalStackExtension everywhere(String name, Object value) {
    everywhere.put(name, value);
    return this;
  }

  LocalStackExtension everywhere(Map<String, Object> properties) {
    everywhere.putAll(properties);
    return this;
  }

  /** Ingress properties on top of the test keys ({@link TestKeys#ingress}). */
  LocalStackExtension ingress(Map<String, Object> properties) {
    ingress.putAll(properties);
    return this;
  }

  /** Properties for one other service, by its name in {@link GatewayStack} (e.g. {@code router-worker}). */
  LocalStackExtension service(String name, Map<String, Object> properties) {
    otherServices.computeIfAbsent(name, n -> new LinkedHashMap<>()).putAll(properties);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    kafka = LocalKafka.start();
    Map<String, Object> common = new LinkedHashMap<>();
    if (providerFakes) {
      fakes = new ProviderFakes();
      common.putAll(fakes.liveProviders(liveProviders));
    }
    common.putAll(everywhere);
    Map<String, Map<String, Object>> perService = new HashMap<>(otherServices);
    perService.put("ingress-api", TestKeys.ingress(ingress));
    options = new GatewayStack.Options(kafka.bootstrapServers(), common, perService);
    stack = GatewayStack.start(options);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (fakes != null) {
      fakes.discardUnusedScripts();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Resources.closeAll(stack, fakes, kafka);
  }

  GatewayStack stack() {
    return stack;
  }

  /** The provider fakes; only with {@link #withProviderFakes()}. */
  ProviderFakes fakes() {
    if (fakes == null) {
      throw new IllegalStateException("this stack simulates its providers: use LocalStackExtension.withProviderFakes()");
    }
    return fakes;
  }

  /** The options the stack was started with, the ingress's with {@code ingressExtras} on top: for a second instance. */
  GatewayStack.Options options(Map<String, Object> ingressExtras) {
    Map<String, Map<String, Object>> perService = new HashMap<>(options.perService());
    Map<String, Object> ingressProperties = new LinkedHashMap<>(perService.get("ingress-api"));
    ingressProperties.putAll(ingressExtras);
    perService.put("ingress-api", ingressProperties);
    return new GatewayStack.Options(options.bootstrapServers(), options.common(), perService);
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  int ingressPort() {
    return stack.ingressPort();
  }

  /** A caller of the ingress sending {@code apiKey} (e.g. {@link TestKeys#CLIENT}). */
  GatewayClient client(String apiKey) {
    return new GatewayClient(stack.ingressPort(), apiKey);
  }

  /** A caller of the ingress sending no key. */
  GatewayClient anonymous() {
    return new GatewayClient(stack.ingressPort());
  }
}
