package io.hookline.testkit.internal;

import java.util.Map;

/**
 * Broker settings every single-node test broker runs with, whichever way it is started.
 * Kafka's defaults assume three brokers; these make transactions (Kafka Streams
 * {@code exactly_once_v2}), consumer groups and share groups work at once on one node.
 */
public final class BrokerSettings {

    private BrokerSettings() {
    }

    public static final Map<String, String> SINGLE_NODE = Map.ofEntries(
            Map.entry("offsets.topic.replication.factor", "1"),
            // 50 partitions by default: creating them delays the first group join by seconds
            Map.entry("offsets.topic.num.partitions", "5"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "5"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("default.replication.factor", "1"),
            Map.entry("min.insync.replicas", "1"),
            // a test's consumer group should not wait 3 s for members that never come
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            // the default 128 MiB dedupe buffer is allocated up front; tests compact little
            Map.entry("log.cleaner.dedupe.buffer.size", "2097152"),
            // socket buffers sized by the OS, as Hookline's clients' are: Kafka's fixed 100 KiB
            // receive buffer made the kernel drop segments of large requests, each a 200 ms
            // retransmission stall (docs/benchmarks.md, "Socket buffers")
            Map.entry("socket.receive.buffer.bytes", "-1"),
            Map.entry("socket.send.buffer.bytes", "-1"));
}
