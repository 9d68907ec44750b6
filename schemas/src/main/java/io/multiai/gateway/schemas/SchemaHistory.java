package io.multiai.gateway.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

/**
 * Former versions of the record schemas, so records written by an older build stay readable.
 *
 * <p>When a schema in {@code src/main/avro} changes, copy its previous version to
 * {@code src/main/resources/avro-history/<Name>-v<N>.avsc} and list the file in {@code avro-history/index}.
 */
public final class SchemaHistory {

  private static final String INDEX = "avro-history/index";

  private SchemaHistory() {}

  public static List<Schema> load() {
    List<Schema> schemas = new ArrayList<>();
    ClassLoader loader = SchemaHistory.class.getClassLoader();
    try (InputStream index = loader.getResourceAsStream(INDEX)) {
      if (index == null) {
        return schemas;
      }
      for (String line : new String(index.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try (InputStream in = loader.getResourceAsStream("avro-history/" + name)) {
          if (in == null) {
            throw new IllegalStateException("avro-history/index names a missing file: " + name);
          }
          // One parser per file: history files redefine names the current schemas also define.
          schemas.add(new Schema.Parser().parse(in));
        }
      }
      return schemas;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
