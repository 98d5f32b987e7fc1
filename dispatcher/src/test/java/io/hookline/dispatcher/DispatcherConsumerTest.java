package io.hookline.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.common.kafka.KafkaClients;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class DispatcherConsumerTest {

    @Test
    void theDeliveryLoopsFetchWaitsAtMost10msSoThatAResumedPartitionIsReadSoon() {
        Map<String, Object> properties = Dispatcher.deliveriesConsumer(
                new KafkaClients(Map.of("bootstrap.servers", "localhost:9092")), "group");

        assertEquals(10, properties.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
        assertEquals("group", properties.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals("read_committed", properties.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
    }

    @Test
    void anOperatorsFetchWaitIsKept() {
        Map<String, Object> properties = Dispatcher.deliveriesConsumer(new KafkaClients(
                Map.of("bootstrap.servers", "localhost:9092", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200")), "group");

        assertEquals("200", properties.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
    }
}
