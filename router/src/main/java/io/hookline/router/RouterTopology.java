package io.hookline.router;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.JsonSerde;
import io.hookline.common.wire.Topics;
import io.hookline.router.internal.Deduplicator;
import io.hookline.router.internal.EventReader;
import io.hookline.router.internal.FanOut;
import io.hookline.router.internal.MatchCaches;
import io.hookline.router.internal.PatternIndex;
import io.hookline.router.internal.PendingFanOut;
import io.hookline.router.internal.ReadEvent;
import io.hookline.router.internal.Route;
import io.hookline.router.internal.RouteChange;
import io.hookline.router.internal.RouteChanges;
import io.hookline.router.internal.RouteIndexer;
import io.hookline.router.internal.SubscriptionReader;
import io.hookline.router.internal.TenantPlacement;
import io.hookline.router.internal.TenantRoutes;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The router's Kafka Streams topology: every event fanned out to one {@link Delivery} per
 * enabled subscription of its tenant whose patterns match its type.
 *
 * <pre>
 *  subscriptions ─read─▶ route changes (by subscription id) ─re-key by tenant─▶ index routes ─────────┐ (stores)
 *  events ─read─┬─ on its tenant's partition ──────────────┐                                          │
 *               ├─ elsewhere ─ re-key ─ repartition ───────┴─ merge ─ dedupe ─ match by index, fan out ┴─▶ deliveries
 *               └─ invalid or too large ─────────────────────────────────────────────────────────────────▶ dead-letter
 * </pre>
 *
 * <p>Subscriptions are keyed by id and events by tenant. {@link RouteChanges} remembers each
 * subscription's route by id and sends what changed, keyed by tenant, through the
 * {@value #ROUTE_CHANGES_BY_TENANT} repartition topic (as many partitions as the events topic)
 * to the task that matches the tenant's events, with the route before and after. There
 * {@link TenantRoutes} keeps one index entry per enabled (subscription, pattern), keyed by
 * tenant and {@link PatternIndex} key: no entry grows with the tenant, a change rewrites only
 * its own subscription's entries, and an event reads only the index entries where a matching
 * pattern can be, once per tenant and type while the tenant's routes do not change
 * ({@link MatchCaches}). {@link FanOut} writes the deliveries, in bounded chunks. Only {@link Route}s — id,
 * tenant, patterns, enabled — enter a store or an internal topic: no secret, URL or header is
 * written anywhere by the router.
 *
 * <p>An event joins directly only when its key is its tenant (the contract's normal case) and
 * the record sits on the partition Kafka's default partitioner (murmur2) gives that key, which is
 * where Kafka Streams put the tenant's routes; {@link TenantPlacement} decides, so it needs
 * the partition count of the events topic. Others (no key, a {@code tenant} field that differs
 * from the key, or a producer with another partitioner: librdkafka, Sarama, kafka-go) go through
 * the {@value #EVENTS_BY_TENANT} repartition topic first. Events over
 * {@code router.max.event.bytes} go to the dead-letter topic without their bytes. Every
 * operator, store and internal topic is named, so that changes to the topology do not orphan
 * state.
 */
public final class RouterTopology {
    /** Routes by subscription id: the subscriptions topic as read, without the secrets. */
    public static final String ROUTES_BY_SUBSCRIPTION_STORE = "routes-by-subscription";
    /** The enabled routes' patterns by tenant and {@link PatternIndex} key: what events are matched with. */
    public static final String ROUTE_INDEX_STORE = "tenant-pattern-index";
    /** Fan-outs too large for one go, by tenant and event id, with where they stopped. */
    public static final String PENDING_FAN_OUTS_STORE = "pending-fan-outs";
    /** Ids of the events routed within the dedupe window, per tenant. */
    public static final String ROUTED_EVENT_IDS_STORE = "routed-event-ids";
    /** Repartition topic (name after the application id) of the route changes, keyed by tenant. */
    public static final String ROUTE_CHANGES_BY_TENANT = "route-changes-by-tenant";
    /** Repartition topic (name after the application id) of events not already on their tenant's partition. */
    public static final String EVENTS_BY_TENANT = "events-by-tenant";

    private static final String SPLIT = "classify-events-";
    private static final String INVALID = "invalid";
    private static final String KEYED_BY_TENANT = "keyed-by-tenant";
    private static final String TO_REKEY = "to-rekey";

    private RouterTopology() {
    }

    /**
     * The router's topology for {@code config}.
     *
     * @param eventPartitions the partition count of the events topic, which says on which
     *                        partition each tenant's routes are
     */
    public static Topology build(RouterConfig config, MetricRegistry registry, int eventPartitions) {
        Topics topics = config.topics();
        Duration dedupeWindow = config.dedupeWindow();
        RouterMetrics metrics = new RouterMetrics(registry);
        StreamsBuilder builder = new StreamsBuilder();
        Serde<Route> routeSerde = JsonSerde.of(Route.class);
        MatchCaches matches = new MatchCaches();

        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ROUTE_INDEX_STORE), Serdes.String(), Serdes.String()));
        indexRoutes(routeChangesByTenant(builder, topics, metrics, routeSerde, eventPartitions), matches);

        KStream<String, Event> events = eventsKeyedByTenant(builder, topics, metrics,
                new TenantPlacement(eventPartitions), config.maxEventBytes());
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(ROUTED_EVENT_IDS_STORE, dedupeWindow, dedupeWindow, false),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PENDING_FAN_OUTS_STORE), Serdes.String(),
                JsonSerde.of(PendingFanOut.class)));
        events.processValues(() -> new Deduplicator(ROUTED_EVENT_IDS_STORE, dedupeWindow, metrics),
                        Named.as("dedupe-events"), ROUTED_EVENT_IDS_STORE)
                .process(() -> new FanOut(ROUTE_INDEX_STORE, PENDING_FAN_OUTS_STORE, metrics, matches),
                        Named.as("fan-out"), ROUTE_INDEX_STORE, PENDING_FAN_OUTS_STORE)
                // the deliveries as FanOut wrote them: JSON of Delivery, what the deliveries topic's serde reads
                .to(topics.deliveries().name(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("deliveries-sink"));

        return builder.build();
    }

    /**
     * The subscriptions as route changes keyed by tenant, on as many partitions as the events
     * topic, so that each tenant's changes reach the task that matches its events.
     */
    private static KStream<String, RouteChange> routeChangesByTenant(StreamsBuilder builder, Topics topics,
                                                                     RouterMetrics metrics, Serde<Route> routeSerde,
                                                                     int eventPartitions) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ROUTES_BY_SUBSCRIPTION_STORE), Serdes.String(), routeSerde));
        return builder
                .stream(topics.subscriptions().name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("subscriptions-source"))
                .processValues(() -> new SubscriptionReader(metrics), Named.as("read-subscriptions"))
                .process(() -> new RouteChanges(ROUTES_BY_SUBSCRIPTION_STORE), Named.as("route-changes"),
                        ROUTES_BY_SUBSCRIPTION_STORE)
                .repartition(Repartitioned.<String, RouteChange>as(ROUTE_CHANGES_BY_TENANT)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(JsonSerde.of(RouteChange.class))
                        .withNumberOfPartitions(eventPartitions));
    }

    private static void indexRoutes(KStream<String, RouteChange> changes, MatchCaches matches) {
        changes.process(() -> new RouteIndexer(ROUTE_INDEX_STORE, matches), Named.as("index-routes"),
                ROUTE_INDEX_STORE);
    }

    /**
     * The valid events, each keyed by its tenant on its tenant's partition: re-keyed through a
     * repartition topic unless the record already is. Invalid and too large records go to the
     * dead-letter topic.
     */
    private static KStream<String, Event> eventsKeyedByTenant(StreamsBuilder builder, Topics topics,
                                                              RouterMetrics metrics, TenantPlacement placement,
                                                              int maxEventBytes) {
        Map<String, KStream<String, ReadEvent>> read = builder
                .stream(topics.events().name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("events-source"))
                .processValues(() -> new EventReader(metrics, placement, maxEventBytes), Named.as("read-events"))
                .split(Named.as(SPLIT))
                .branch((key, event) -> event instanceof ReadEvent.Unreadable, Branched.as(INVALID))
                .branch((key, event) -> event instanceof ReadEvent.Routable routable && routable.onTenantPartition(),
                        Branched.as(KEYED_BY_TENANT))
                .defaultBranch(Branched.as(TO_REKEY));

        read.get(SPLIT + INVALID)
                .map((key, event) -> {
                    ReadEvent.Unreadable unreadable = (ReadEvent.Unreadable) event;
                    return KeyValue.pair(unreadable.key(), unreadable.deadLetter());
                }, Named.as("invalid-events-to-dead-letters"))
                .to(topics.deadLetter().name(), Produced.with(Serdes.String(), topics.deadLetter().valueSerde())
                        .withName("dead-letter-sink"));

        KStream<String, Event> keyedByTenant = read.get(SPLIT + KEYED_BY_TENANT)
                .mapValues(event -> ((ReadEvent.Routable) event).event(), Named.as("keyed-by-tenant-events"));
        KStream<String, Event> rekeyed = read.get(SPLIT + TO_REKEY)
                .map((key, event) -> {
                    Event routable = ((ReadEvent.Routable) event).event();
                    return KeyValue.pair(routable.tenant(), routable);
                }, Named.as("key-events-by-tenant"))
                .repartition(Repartitioned.<String, Event>as(EVENTS_BY_TENANT)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.events().valueSerde()));
        return keyedByTenant.merge(rekeyed, Named.as("merge-events"));
    }
}
