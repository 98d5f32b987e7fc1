package io.hookline.common.kafka;

import io.hookline.common.HooklineException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The partitions a topic has now, asked of the cluster. Not of a client's metadata cache:
 * {@code KafkaConsumer.partitionsFor} answers from metadata up to {@code metadata.max.age.ms}
 * (5 min) old, so partitions added since would go unseen.
 */
@FunctionalInterface
public interface TopicDescriber {

    /**
     * @return the topic's partitions; empty when the topic does not exist
     * @throws TimeoutException when the cluster did not answer within {@code timeout}: worth trying again
     * @throws KafkaException   when the cluster refused (authorization, …)
     */
    Optional<List<TopicPartition>> partitions(String topic, Duration timeout);

    /** The partitions of {@code topic}, or a one-line error naming the command that creates it. */
    default List<TopicPartition> existing(String topic, Duration timeout) {
        return partitions(topic, timeout).orElseThrow(() -> new HooklineException("topic " + topic
                + " does not exist; create Hookline's topics with `hookline topics create`"));
    }

    /** Asks with {@code admin}, which fetches fresh metadata on every call. */
    static TopicDescriber of(Admin admin) {
        return (topic, timeout) -> {
            DescribeTopicsOptions options = new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis());
            try {
                TopicDescription description = admin.describeTopics(Set.of(topic), options).topicNameValues()
                        .get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return Optional.of(description.partitions().stream()
                        .map(partition -> new TopicPartition(topic, partition.partition()))
                        .toList());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Optional.empty();
                }
                if (e.getCause() instanceof KafkaException kafka) {
                    throw kafka;
                }
                throw new HooklineException("cannot describe topic " + topic + ": "
                        + KafkaFutures.describe(e.getCause()), e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new TimeoutException("no description of topic " + topic + " within " + timeout.toMillis()
                        + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        };
    }
}
