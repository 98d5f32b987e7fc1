package io.hookline.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class TenantPlacementTest {
    @Test
    void givesEachTenantThePartitionTheJavaProducersDefaultPartitionerGivesIt() {
        for (int partitions : new int[] {1, 3, 6, 7, 64}) {
            TenantPlacement placement = new TenantPlacement(partitions);
            for (String tenant : List.of("acme", "globex", "default", "tenant-42", "caf\u00e9", "\u2603", "")) {
                assertEquals(javaProducerPartition(tenant, partitions), placement.partitionOf(tenant),
                        tenant + " of " + partitions);
            }
        }
    }

    @Test
    void joinsDirectlyOnlyARecordKeyedByItsTenantOnMurmur2sPartition() {
        TenantPlacement placement = new TenantPlacement(6);
        int home = placement.partitionOf("acme");

        assertTrue(placement.isOnTenantPartition("acme", "acme", home));
        for (int other = 0; other < 6; other++) {
            if (other != home) {
                // where a CRC32 (librdkafka), FNV-1a (Sarama) or round-robin (kafka-go) producer may put it
                assertFalse(placement.isOnTenantPartition("acme", "acme", other), "partition " + other);
            }
        }
        assertFalse(placement.isOnTenantPartition("globex", "acme", home), "keyed by another tenant");
        assertFalse(placement.isOnTenantPartition(null, "default", placement.partitionOf("default")), "no key");
    }

    @Test
    void rejectsAPartitionCountBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new TenantPlacement(0));
    }

    /** The partition a Java producer with no partitioner set picks for {@code key}: what KafkaProducer calls. */
    private static int javaProducerPartition(String key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
