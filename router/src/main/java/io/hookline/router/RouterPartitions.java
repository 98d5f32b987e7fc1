package io.hookline.router;

import io.hookline.common.kafka.TopicDescriber;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Whether the events topic still has the partition count the router's state was built for.
 *
 * <p>The router keeps each tenant's routes and routed event ids on the task of the tenant's
 * partition, in internal topics Kafka Streams created with the events topic's partition count
 * when the router first ran. Adding partitions to the events topic moves tenants to other
 * partitions (murmur2 of the key modulo the count) while their state stays where it was, and
 * Kafka Streams refuses internal topics whose count no longer matches. Neither can be fixed in
 * place, so the router refuses to start and {@code hookline topics check} reports it, rather
 * than a stream thread failing on an internal-topic error later.
 *
 * @param applicationId the router's application id, the prefix of its internal topics
 * @param eventsTopic   the events topic's name
 */
public record RouterPartitions(String applicationId, String eventsTopic) {

    /**
     * Internal topics co-partitioned with the events topic by construction: the events re-keyed
     * by tenant, and the changelog of the routed event ids, which is kept per tenant partition.
     */
    public List<String> coPartitionedTopics() {
        return List.of(applicationId + "-" + RouterTopology.EVENTS_BY_TENANT + "-repartition",
                applicationId + "-" + RouterTopology.ROUTED_EVENT_IDS_STORE + "-changelog");
    }

    /**
     * What is wrong, in one line for users: empty if every co-partitioned internal topic that
     * exists has the events topic's partition count (none exist before the router first runs).
     *
     * @param eventPartitions the events topic's partition count now
     */
    public Optional<String> mismatch(TopicDescriber describer, int eventPartitions, Duration timeout) {
        for (String topic : coPartitionedTopics()) {
            Optional<Integer> partitions = describer.partitions(topic, timeout).map(List::size);
            if (partitions.isPresent() && partitions.get() != eventPartitions) {
                return Optional.of(eventsTopic + " has " + eventPartitions + " partitions but the router's state ("
                        + topic + ") was built for " + partitions.get() + "; partitions cannot be added to the events "
                        + "topic once the router has run: re-create it with " + partitions.get() + " partitions, or "
                        + "stop every router and reset it (kafka-streams-application-reset --application-id "
                        + applicationId + ", then delete its state directories) to rebuild its state for "
                        + eventPartitions + ", which forgets the dedupe window");
            }
        }
        return Optional.empty();
    }
}
