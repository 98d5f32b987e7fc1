package io.hookline.common.lifecycle;

import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * A {@link Loop} around one Kafka consumer: {@link #wakeup()} wakes the consumer, so a round
 * blocked in {@code poll} returns at once, and {@link #close()} closes it. A loop that holds
 * more releases that first and then calls {@code super.close()}.
 */
public abstract class ConsumerLoop<K, V> implements Loop {
    protected final Consumer<K, V> consumer;

    protected ConsumerLoop(Consumer<K, V> consumer) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    @Override
    public final void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
