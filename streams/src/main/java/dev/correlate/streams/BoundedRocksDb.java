package dev.correlate.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps RocksDB's off-heap memory for all stores of the process together: one shared block cache,
 * and memtables charged to that cache through a write-buffer manager, so the total stays within
 * {@link #CACHE_BYTES} whatever the number of stores and tasks. The size is set once per process by
 * {@code StreamsService} before start-up (RocksDB config setters are instantiated by class name and
 * cannot receive arguments otherwise).
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
  /** Streams property: total bytes for block cache and memtables. */
  public static final String CACHE_BYTES = "correlate.rocksdb.cache.bytes";

  /**
   * 256 MiB: 64 MiB left memtables so small that RocksDB spent a third of the JVM's CPU flushing
   * and compacting (docs/performance.md, "RocksDB's budget").
   */
  public static final long DEFAULT_BYTES = 256L << 20;

  private static Cache cache;
  private static WriteBufferManager writeBuffers;

  private static synchronized void init(long bytes) {
    if (cache == null) {
      cache = new LRUCache(bytes, -1, false, 0.1);
      writeBuffers = new WriteBufferManager(bytes / 2, cache);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object bytes = configs.get(CACHE_BYTES);
    init(bytes == null ? DEFAULT_BYTES : Long.parseLong(bytes.toString()));
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(writeBuffers);
    options.setTableFormatConfig(table);
    options.setMaxWriteBufferNumber(2);
    options.setWriteBufferSize(4L << 20);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and write-buffer manager are shared by every store of the process: never closed per
    // store
  }
}
