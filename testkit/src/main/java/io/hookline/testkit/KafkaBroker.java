package io.hookline.testkit;

/**
 * A Kafka cluster that tests talk to: where it is ({@link #bootstrapServers()}) and how to
 * let it go ({@link #close()}). Implementations: an in-process KRaft broker, a broker in a
 * child JVM ({@link ChildKafkaBroker}), a container, or an external cluster.
 */
public interface KafkaBroker extends AutoCloseable {

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:9092}. */
    String bootstrapServers();

    /** Stops the broker if this object owns it; never throws a checked exception. */
    @Override
    void close();
}
