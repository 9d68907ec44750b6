package io.multiai.gateway.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import io.multiai.gateway.common.kafka.SingleNodeBroker;

/**
 * A real single-node KRaft broker (broker and controller in one, Kafka's own server classes) whose
 * log directory persists: the storage is formatted on first use (kafka-storage format, static quorum)
 * and reused afterwards, so topics, offsets and compacted state survive a restart. Runs in this JVM;
 * {@link KafkaBrokerMain} runs it as a process of its own.
 */
public final class PersistentKafka implements AutoCloseable {

  private final KafkaRaftServer server;
  private final int port;
  private volatile boolean closed;

  private PersistentKafka(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts the broker on {@code host:port} (the controller on {@code port + 1}) with its log under
   * {@code dataDir/kafka}, formatting it first when it is new.
   */
  public static PersistentKafka start(Path dataDir, String host, int port) {
    try {
      Path logDir = dataDir.resolve("kafka").toAbsolutePath();
      Files.createDirectories(logDir);
      Properties props = properties(logDir, host, port);
      Path configFile = dataDir.resolve("server.properties");
      try (Writer out = Files.newBufferedWriter(configFile)) {
        props.store(out, "written by PersistentKafka at every start; edit the code, not this file");
      }
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config",
            configFile.toString(), "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
          throw new IllegalStateException("kafka-storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
      }
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
      server.startup();
      return new PersistentKafka(server, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Properties properties(Path logDir, String host, int port) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@" + host + ":" + (port + 1));
    props.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + (port + 1));
    props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("num.partitions", "6");
    props.putAll(SingleNodeBroker.properties());
    return props;
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  /** Controlled shutdown: the log is flushed and closed cleanly, so the next start needs no recovery. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
  }
}
