package io.hookline.router.internal;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where each tenant's routes are placed: the events partition whose task holds them. It decides
 * whether an event can join its tenant's routes on the task that read it, or must be re-keyed
 * through the repartition topic first. It only computes the placement; it is not a Kafka
 * {@code Partitioner} and no producer uses it.
 *
 * <p>The routes of a tenant live in the task of the partition Kafka's default partitioner
 * (murmur2 of the UTF-8 key) picks for the tenant, since they arrive through a repartition topic
 * written by Kafka Streams. An events record is on that partition only if its producer used the
 * same partitioner: Java clients do, but librdkafka hashes with CRC32 by default, Sarama with
 * FNV-1a, and kafka-go spreads keys round-robin. So the key being the tenant is not enough; the
 * record must also sit on the partition murmur2 would give it.
 */
public final class TenantPlacement {
    private final int partitions;

    /** @param partitions the partition count of the events topic */
    public TenantPlacement(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        this.partitions = partitions;
    }

    /** The partition Kafka's default partitioner, and so Kafka Streams, gives {@code tenant}. */
    public int partitionOf(String tenant) {
        return Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * True if a record with {@code key}, read from {@code partition}, is where its tenant's routes
     * are: its key is the tenant and the default partitioner would have put it on this partition.
     */
    public boolean isOnTenantPartition(String key, String tenant, int partition) {
        return key != null && key.equals(tenant) && partitionOf(tenant) == partition;
    }
}
