package io.hookline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.wire.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TestKafkaIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String bootstrap = TestKafka.shared().bootstrapServers();

    @Test
    void producesAndConsumesARecord() {
        String topic = TestTopics.unique("roundtrip");
        TestTopics.create(bootstrap, 1, topic);

        TestTopics.produce(bootstrap, topic, new StringSerializer(), new StringSerializer(), "acme", "hello");
        List<ConsumerRecord<String, String>> records = TestTopics.consume(bootstrap, topic,
                new StringDeserializer(), new StringDeserializer(), 1, WAIT);

        assertEquals(1, records.size());
        assertEquals("acme", records.get(0).key());
        assertEquals("hello", records.get(0).value());
    }

    @Test
    void theBrokerLetsTheSystemSizeItsSocketBuffers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            String node = admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);

            assertEquals("-1", config.get("socket.receive.buffer.bytes").value());
            assertEquals("-1", config.get("socket.send.buffer.bytes").value());
        }
    }

    @Test
    void createAllMakesEveryHooklineTopicWithItsSettings() throws Exception {
        Topics topics = new Topics(TestTopics.unique("hookline"));
        List<Duration> retryDelays = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));

        TestTopics.createAll(bootstrap, topics, 3, retryDelays);

        Set<String> names = TestTopics.settings(topics, retryDelays).keySet();
        assertEquals(9, names.size(), "7 topics (keys and endpoint health included) and 2 retry tiers: " + names);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            for (String name : names) {
                assertEquals(3, described.get(name).partitions().size(), name);
            }
            Map<String, Config> configs = admin.describeConfigs(names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList())
                    .all().get().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
            Function<String, Function<String, String>> setting = topic -> key -> configs.get(topic).get(key).value();
            assertEquals("compact", setting.apply(topics.subscriptions().name()).apply("cleanup.policy"));
            assertEquals("delete", setting.apply(topics.events().name()).apply("cleanup.policy"));
            assertEquals("delete", setting.apply(topics.deliveries().name()).apply("cleanup.policy"));
            assertEquals("delete", setting.apply(topics.retry(Duration.ofSeconds(2)).name()).apply("cleanup.policy"));
            assertEquals(Long.toString(Duration.ofDays(7).toMillis()),
                    setting.apply(topics.events().name()).apply("retention.ms"));
            assertEquals(Long.toString(Duration.ofDays(7).toMillis()),
                    setting.apply(topics.attempts().name()).apply("retention.ms"));
            assertEquals(Long.toString(Duration.ofDays(30).toMillis()),
                    setting.apply(topics.deadLetter().name()).apply("retention.ms"));
        }
    }

    @Test
    void consumeReadsOnlyCommittedRecords() {
        String topic = TestTopics.unique("transactional");
        TestTopics.create(bootstrap, 1, topic);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestTopics.unique("tx"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = TestTopics.consume(bootstrap, topic,
                new StringDeserializer(), new StringDeserializer(), 1, WAIT);

        assertEquals(List.of("committed"), records.stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void consumeReturnsEverythingCommittedOnceItHasEnough() {
        String topic = TestTopics.unique("duplicates");
        TestTopics.create(bootstrap, 2, topic);
        TestTopics.produceAll(bootstrap, new StringSerializer(), new StringSerializer(), List.of(
                new ProducerRecord<>(topic, 0, "a", "a"),
                new ProducerRecord<>(topic, 1, "b", "b"),
                new ProducerRecord<>(topic, 1, "c", "c")));

        List<ConsumerRecord<String, String>> records = TestTopics.consume(bootstrap, topic,
                new StringDeserializer(), new StringDeserializer(), 1, WAIT);

        assertEquals(3, records.size());
        assertEquals(Set.of("a", "b", "c"), records.stream().map(ConsumerRecord::value).collect(Collectors.toSet()));
    }

    @Test
    void consumeFailsNamingTheTopicAndTheCounts() {
        String topic = TestTopics.unique("short");
        TestTopics.create(bootstrap, 1, topic);
        TestTopics.produce(bootstrap, topic, new StringSerializer(), new StringSerializer(), "only", "one");

        AssertionError error = assertThrows(AssertionError.class, () -> TestTopics.consume(bootstrap, topic,
                new StringDeserializer(), new StringDeserializer(), 2, Duration.ofSeconds(1)));

        assertTrue(error.getMessage().contains(topic), error.getMessage());
        assertTrue(error.getMessage().contains("saw 1 record(s)"), error.getMessage());
        assertTrue(error.getMessage().contains("wanted at least 2"), error.getMessage());
    }

    @Test
    void consumeFailsClearlyOnAMissingTopic() {
        String topic = TestTopics.unique("missing");

        AssertionError error = assertThrows(AssertionError.class, () -> TestTopics.consume(bootstrap, topic,
                new StringDeserializer(), new StringDeserializer(), 1, Duration.ofMillis(500)));

        assertTrue(error.getMessage().contains(topic + " does not exist"), error.getMessage());
    }

    @Test
    void theSharedBrokerOutlivesATestThatClosesIt() {
        KafkaBroker shared = TestKafka.shared();
        shared.close();

        assertEquals(bootstrap, TestKafka.shared().bootstrapServers());
        String topic = TestTopics.unique("after-close");
        TestTopics.create(bootstrap, 1, topic);
        TestTopics.produce(bootstrap, topic, new StringSerializer(), new StringSerializer(), "still", "here");
    }
}
