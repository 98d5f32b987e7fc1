package io.hookline.router.internal;

import io.hookline.router.RouterMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs what Kafka Streams restores from the changelogs: one line per store partition
 * that restored records, with how many and how long it took, so that an operator sees why a router
 * took long to route again after a crash, and a test can see that a clean restart restored
 * nothing.
 */
public final class RestoreLog implements StateRestoreListener {
    private static final Logger log = LoggerFactory.getLogger(RestoreLog.class);

    private final RouterMetrics metrics;
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    public RestoreLog(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        started.put(storeName + "@" + partition, System.nanoTime());
        log.debug("Restoring {} from {} offsets {} to {}", storeName, partition, startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        metrics.restored(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        Long start = started.remove(storeName + "@" + partition);
        long millis = start == null ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (totalRestored > 0) {
            log.info("Restored {} records of {} from {} in {} ms", totalRestored, storeName, partition, millis);
        } else {
            // a new task or a changelog of markers only: nothing an operator needs to see
            log.debug("Restored nothing of {} from {} ({} ms)", storeName, partition, millis);
        }
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        started.remove(storeName + "@" + partition);
        log.info("Restoring {} from {} suspended after {} records (the task moved)", storeName, partition,
                totalRestored);
    }
}
