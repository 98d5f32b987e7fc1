package io.hookline.router.internal;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all the router's RocksDB stores together, as Kafka Streams'
 * memory-management guide does it: one block cache for every store of the process, which also
 * holds the index and filter blocks and is charged for the memtables. Left alone, each store
 * (and each segment of the dedupe window store) gets its own 50 MiB cache and three 16 MiB
 * memtables, so memory grows with partitions and segments rather than with data.
 *
 * <p>Kafka Streams creates it from {@code rocksdb.config.setter}; the cache is shared by every
 * instance, so {@link #close} must not close it.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Block cache, index and filter blocks and memtables, for every store of the process. */
    static final long TOTAL_BYTES = 128L << 20;
    /** Of which memtables. */
    static final long MEMTABLE_BYTES = 32L << 20;
    private static final double HIGH_PRIORITY_RATIO = 0.1; // index and filter blocks stay cached

    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, HIGH_PRIORITY_RATIO);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write buffer manager are shared by every store: nothing of this store's to close
    }
}
