package io.multiai.gateway.aggregator.flush;

import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Lets a processor that sums in memory hand its sums downstream at every commit, inside the commit's
 * transaction. The hook is a state store without state ({@link Hook}) that passes for a caching store:
 * on every commit — the commit interval, a requested commit, a rebalance, a clean shutdown — Kafka
 * Streams flushes a task's store caches (which forward what they hold downstream) before it flushes the
 * producer and commits the transaction with the input offsets, and this store's cache flush makes the
 * processor forward what it holds. When Streams drops a task's caches instead (a task closed dirty,
 * revived after an error), the processor drops its sums: their events were not committed either. So under exactly-once what was forwarded is committed
 * together with the offsets of the events it sums, and after a crash the unforwarded sums are rebuilt
 * from the uncommitted input: nothing is lost or counted twice.
 *
 * <p>A wall-clock punctuation could not promise that: a commit may fall between two punctuations and
 * commit offsets of events whose sums were still only in memory. The price is one internal API, the
 * same one Kafka Streams' own record caches use when they forward on flush: the processor's node is
 * made current while it forwards ({@link InternalProcessorContext#setCurrentNode}), and the hook
 * implements the internal {@link CachedStateStore}, which is what Streams flushes on commit.
 */
public final class CommitFlush {

  private CommitFlush() {}

  /** The hook store of one processor, to add to the topology and connect to that processor. */
  public static StoreBuilder<Hook> store(String name) {
    return new HookBuilder(name);
  }

  /**
   * Called from the processor's {@code init}: makes {@code onFlush} run at every commit, and gives the
   * forwarder it must use there.
   */
  public static <K, V> Forwarder<K, V> register(ProcessorContext<K, V> context, String storeName, Runnable onFlush, Runnable onDrop) {
    if (!(context instanceof InternalProcessorContext<K, V> internal) || internal.currentNode() == null) {
      throw new IllegalStateException("forwarding on commit needs Kafka Streams' processor context, in init: " + context);
    }
    Hook hook = context.getStateStore(storeName);
    hook.onFlush = onFlush;
    hook.onDrop = onDrop;
    return new Forwarder<>(internal, internal.currentNode());
  }

  /** Forwards as the registering processor, whichever node Streams is running when it flushes. */
  public static final class Forwarder<K, V> {
    private final InternalProcessorContext<K, V> context;
    private final ProcessorNode<?, ?, ?, ?> node;
    private ProcessorRecordContext lastInput;

    private Forwarder(InternalProcessorContext<K, V> context, ProcessorNode<?, ?, ?, ?> node) {
      this.context = context;
      this.node = node;
    }

    /** Called for each input record: the forwarded records name its topic and partition as their origin. */
    public void sawInput() {
      lastInput = context.recordContext();
    }

    public void forward(Record<K, V> record) {
      ProcessorNode<?, ?, ?, ?> previousNode = context.currentNode();
      ProcessorRecordContext previousContext = context.recordContext();
      context.setCurrentNode(node);
      context.setRecordContext(lastInput == null
          ? new ProcessorRecordContext(record.timestamp(), -1, -1, null, new RecordHeaders())
          : new ProcessorRecordContext(record.timestamp(), lastInput.offset(), lastInput.partition(), lastInput.topic(),
              new RecordHeaders()));
      try {
        context.forward(record.withHeaders(new RecordHeaders()));
      } finally {
        context.setCurrentNode(previousNode);
        context.setRecordContext(previousContext);
      }
    }
  }

  /** Holds nothing and logs nothing; its cache flush runs the processor's. */
  public static final class Hook implements StateStore, CachedStateStore<Object, Object> {
    private final String name;
    private volatile boolean open;
    private Runnable onFlush = () -> {};
    private Runnable onDrop = () -> {};

    private Hook(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      // Nothing to restore: what was not forwarded was not committed, and is summed again from the input.
      context.register(root, (key, value) -> {});
      open = true;
    }

    @Override
    public void flushCache() {
      onFlush.run();
    }

    @Override
    public void clearCache() {
      onDrop.run();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
      return false;
    }

    @Override
    public void flush() {
      // Also here (a checkpoint, the test driver's commit): forwarding twice forwards nothing the second time.
      onFlush.run();
    }

    @Override
    public void close() {
      open = false;
    }

    @Override
    public boolean persistent() {
      return false;
    }

    @Override
    public boolean isOpen() {
      return open;
    }
  }

  private record HookBuilder(String name) implements StoreBuilder<Hook> {
    @Override
    public StoreBuilder<Hook> withCachingEnabled() {
      return this;
    }

    @Override
    public StoreBuilder<Hook> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<Hook> withLoggingEnabled(Map<String, String> config) {
      throw new UnsupportedOperationException("the commit hook has no state to log");
    }

    @Override
    public StoreBuilder<Hook> withLoggingDisabled() {
      return this;
    }

    @Override
    public Hook build() {
      return new Hook(name);
    }

    @Override
    public Map<String, String> logConfig() {
      return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
      return false;
    }
  }
}
