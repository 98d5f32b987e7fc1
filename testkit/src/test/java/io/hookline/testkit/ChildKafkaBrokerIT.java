package io.hookline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.HooklineException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildKafkaBrokerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void keepsItsRecordsAcrossASigkillAndARestart(@TempDir Path dataDir) {
        try (ChildKafkaBroker broker = ChildKafkaBroker.start(dataDir)) {
            String bootstrap = broker.bootstrapServers();
            long firstPid = broker.pid();
            String topic = TestTopics.unique("durable");
            TestTopics.create(bootstrap, 1, topic);
            TestTopics.produce(bootstrap, topic, new StringSerializer(), new StringSerializer(), "acme", "before-crash");

            broker.kill();
            assertFalse(broker.isRunning());
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));

            broker.restart();
            assertTrue(broker.isRunning());
            assertEquals(bootstrap, broker.bootstrapServers());
            List<ConsumerRecord<String, String>> records = TestTopics.consume(bootstrap, topic,
                    new StringDeserializer(), new StringDeserializer(), 1, WAIT);
            assertEquals(List.of("before-crash"), records.stream().map(ConsumerRecord::value).toList());
        }
        assertTrue(Files.exists(dataDir.resolve("kafka-logs").resolve("meta.properties")));
        assertTrue(Files.exists(dataDir.resolve("broker.log")));
    }

    @Test
    void reportsTheLogTailWhenTheBrokerCannotStart(@TempDir Path dataDir) throws Exception {
        int controllerPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            controllerPort = free.getLocalPort();
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Files.writeString(dataDir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "listeners=PLAINTEXT://127.0.0.1:" + taken.getLocalPort() + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "controller.listener.names=CONTROLLER",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                    "log.dirs=" + dataDir.resolve("kafka-logs"),
                    ""));

            HooklineException error = assertThrows(HooklineException.class, () -> ChildKafkaBroker.start(dataDir));

            assertTrue(error.getMessage().contains("while starting"), error.getMessage());
            assertTrue(error.getMessage().contains("from " + dataDir.resolve("broker.log")), error.getMessage());
            assertTrue(error.getMessage().contains("first errors:"), error.getMessage());
            assertTrue(error.getMessage().contains("Address already in use"), error.getMessage());
        }
    }
}
