package io.multiai.gateway.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Request bodies a hostile or broken client might send: random JSON of every shape, the route fields
 * with wrong types, huge and deeply nested documents, and bytes that are not UTF-8. Seeded, so a
 * failure reproduces.
 */
final class FuzzBodies {

  private static final String[] FIELDS = {"query", "costPriority", "provider", "model", "fallback", "userId", "x", ""};

  private final Random random;

  FuzzBodies(long seed) {
    this.random = new Random(seed);
  }

  List<byte[]> generate(int count) {
    List<byte[]> bodies = new ArrayList<>();
    bodies.add(("[".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
    bodies.add(("{\"query\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8));
    bodies.add(("{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000)).getBytes(StandardCharsets.UTF_8));
    bodies.add(("{\"query\":\"" + "x".repeat(1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8));
    bodies.add(new byte[] {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
    bodies.add(new byte[] {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
    bodies.add("{\"query\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8)); // a lone surrogate, escaped
    bodies.add("{\"query\":1e999999999}".getBytes(StandardCharsets.UTF_8));
    bodies.add(("{\"query\":" + "9".repeat(20_000) + "}").getBytes(StandardCharsets.UTF_8));
    bodies.add("\u0000\u0001\u0002".getBytes(StandardCharsets.UTF_8));
    while (bodies.size() < count) {
      bodies.add(switch (random.nextInt(4)) {
        case 0 -> json(randomValue(0)).getBytes(StandardCharsets.UTF_8);
        case 1 -> json(routeWithWrongTypes()).getBytes(StandardCharsets.UTF_8);
        case 2 -> randomBytes();
        default -> mutate(json(routeWithWrongTypes()).getBytes(StandardCharsets.UTF_8));
      });
    }
    return bodies;
  }

  private String routeWithWrongTypes() {
    StringBuilder object = new StringBuilder("{");
    int fields = random.nextInt(4);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        object.append(',');
      }
      object.append(quote(FIELDS[random.nextInt(FIELDS.length)])).append(':').append(randomValue(1));
    }
    return object.append('}').toString();
  }

  private String randomValue(int depth) {
    int kind = depth > 4 ? random.nextInt(5) : random.nextInt(7);
    return switch (kind) {
      case 0 -> "null";
      case 1 -> Boolean.toString(random.nextBoolean());
      case 2 -> random.nextBoolean() ? Long.toString(random.nextLong()) : Double.toString(random.nextGaussian() * 1e10);
      case 3, 4 -> quote(randomText());
      case 5 -> {
        StringBuilder array = new StringBuilder("[");
        for (int i = random.nextInt(4); i > 0; i--) {
          array.append(randomValue(depth + 1)).append(i > 1 ? "," : "");
        }
        yield array.append(']').toString();
      }
      default -> {
        StringBuilder object = new StringBuilder("{");
        for (int i = random.nextInt(4); i > 0; i--) {
          object.append(quote(FIELDS[random.nextInt(FIELDS.length)])).append(':').append(randomValue(depth + 1)).append(i > 1 ? "," : "");
        }
        yield object.append('}').toString();
      }
    };
  }

  private String randomText() {
    String[] samples = {"hi", "cheap", "quality", "claude", "gpt-5", "日本語の質問", "emoji 🙂", "a\tb\nc", "", " ", "\u0007bell",
        "x".repeat(random.nextInt(6000)), "\u202Eright-to-left", "null", "<script>"};
    return samples[random.nextInt(samples.length)];
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }

  private static String json(String value) {
    return value;
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[random.nextInt(200)];
    random.nextBytes(bytes);
    return bytes;
  }

  private byte[] mutate(byte[] body) {
    if (body.length == 0) {
      return body;
    }
    byte[] copy = body.clone();
    for (int i = random.nextInt(3) + 1; i > 0; i--) {
      copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    }
    return copy;
  }
}
