package io.hookline.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class TenantPartitionerTest {
    @Test
    void givesEachTenantThePartitionTheJavaProducersDefaultPartitionerGivesIt() {
        for (int partitions : new int[] {1, 3, 6, 7, 64}) {
            TenantPartitioner partitioner = new TenantPartitioner(partitions);
            for (String tenant : List.of("acme", "globex", "default", "tenant-42", "caf\u00e9", "\u2603", "")) {
                assertEquals(javaProducerPartition(tenant, partitions), partitioner.partitionOf(tenant),
                        tenant + " of " + partitions);
            }
        }
    }

    @Test
    void joinsDirectlyOnlyARecordKeyedByItsTenantOnMurmur2sPartition() {
        TenantPartitioner partitioner = new TenantPartitioner(6);
        int home = partitioner.partitionOf("acme");

        assertTrue(partitioner.isOnTenantPartition("acme", "acme", home));
        for (int other = 0; other < 6; other++) {
            if (other != home) {
                // where a CRC32 (librdkafka), FNV-1a (Sarama) or round-robin (kafka-go) producer may put it
                assertFalse(partitioner.isOnTenantPartition("acme", "acme", other), "partition " + other);
            }
        }
        assertFalse(partitioner.isOnTenantPartition("globex", "acme", home), "keyed by another tenant");
        assertFalse(partitioner.isOnTenantPartition(null, "default", partitioner.partitionOf("default")), "no key");
    }

    @Test
    void rejectsAPartitionCountBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new TenantPartitioner(0));
    }

    /** The partition a Java producer with no partitioner set picks for {@code key}: what KafkaProducer calls. */
    private static int javaProducerPartition(String key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
