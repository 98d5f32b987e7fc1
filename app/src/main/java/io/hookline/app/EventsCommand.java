package io.hookline.app;

import io.hookline.common.HooklineException;
import io.hookline.common.config.HooklineConfig;
import io.hookline.common.kafka.KafkaFutures;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.InvalidRecordException;
import io.hookline.common.wire.Json;
import io.hookline.ingest.EventPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hookline events send}: publish an event as any producer would. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Publish events.",
        subcommands = EventsCommand.Send.class)
final class EventsCommand {

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = {"Send one event to <prefix>.events (key = tenant, value = Event JSON) and wait for "
                    + "Kafka to acknowledge it.", "",
                "Example: hookline events send --tenant acme --type order.created --data '{\"orderId\":42}'"})
    static final class Send implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--type", required = true, paramLabel = "TYPE",
                description = "Event type, dot-separated, e.g. order.created.")
        String type;

        @Option(names = "--data", required = true, paramLabel = "JSON|@FILE",
                description = "The event's data: JSON text, or @path to read it from a file.")
        String data;

        @Option(names = "--tenant", paramLabel = "TENANT", description = "Tenant id (default: default).")
        String tenant;

        @Option(names = "--id", paramLabel = "ID",
                description = "Event id; without one the router derives a stable id from the record's offset.")
        String id;

        @Option(names = "--count", paramLabel = "N", defaultValue = "1",
                description = "Send N copies, each with its own id (default: ${DEFAULT-VALUE}).")
        int count;

        @Override
        public Integer call() {
            if (count < 1) {
                throw new HooklineException("--count must be at least 1");
            }
            if (count > 1 && id != null) {
                throw new HooklineException("--id names one event; it cannot go with --count above 1");
            }
            String json = Json.requireJson(readData(), "--data");
            Event event;
            try {
                event = new Event(id, type, Instant.now(), tenant, json);
            } catch (InvalidRecordException e) {
                throw new HooklineException("invalid event: " + e.getMessage());
            }
            HooklineConfig config = kafka.config();
            KafkaOptions.requireReachable(config);
            try (EventPublisher publisher = EventPublisher.create(KafkaOptions.commandClients(config),
                    config.topics())) {
                for (int i = 0; i < count; i++) {
                    RecordMetadata sent = KafkaFutures.await(publisher.publish(event), KafkaOptions.CLI_TIMEOUT,
                            "send the event to Kafka");
                    kafka.out().printf("sent %s%s to %s partition %d offset %d%n", event.type(),
                            event.id() == null ? "" : " " + event.id(), sent.topic(), sent.partition(), sent.offset());
                }
            }
            return 0;
        }

        private String readData() {
            if (!data.startsWith("@")) {
                return data;
            }
            Path file = Path.of(data.substring(1));
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new HooklineException("cannot read --data file " + file + ": " + e.getMessage());
            }
        }
    }
}
