package io.hookline.router;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.JsonSerde;
import io.hookline.common.wire.Topics;
import io.hookline.router.internal.Deduplicator;
import io.hookline.router.internal.EventReader;
import io.hookline.router.internal.FanOut;
import io.hookline.router.internal.ReadEvent;
import io.hookline.router.internal.Route;
import io.hookline.router.internal.RouteSet;
import io.hookline.router.internal.RouteSetSerde;
import io.hookline.router.internal.SubscriptionReader;
import io.hookline.router.internal.TenantPlacement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The router's Kafka Streams topology: every event fanned out to one {@link Delivery} per
 * enabled subscription of its tenant whose patterns match its type.
 *
 * <pre>
 *  subscriptions ─read─▶ routes by subscription id ─group by tenant─▶ routes per tenant ──┐
 *  events ─read─┬─ on its tenant's partition ──────────────┐                              │
 *               ├─ elsewhere ─ re-key ─ repartition ───────┴─ merge ─ dedupe ─ join ──────┴─ fan out ─▶ deliveries
 *               └─ invalid or too large ──────────────────────────────────────────────────────────────▶ dead-letter
 * </pre>
 *
 * <p>Subscriptions are keyed by id and events by tenant, so the subscriptions are re-grouped
 * by tenant into one route set per tenant (added, replaced and removed as subscriptions
 * change, move to another tenant or are deleted) and joined with the events. Only
 * {@link Route}s — id, tenant, patterns, enabled — enter a store or an internal topic: no
 * secret, URL or header is written anywhere by the router.
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
    public static final String SUBSCRIPTION_ROUTES_STORE = "subscription-routes";
    /** Routes per tenant: what each event is joined with. */
    public static final String TENANT_ROUTES_STORE = "tenant-routes";
    /** Ids of the events routed within the dedupe window, per tenant. */
    public static final String ROUTED_EVENT_IDS_STORE = "routed-event-ids";
    /** Repartition topic (name after the application id) of the routes, keyed by tenant. */
    public static final String ROUTES_BY_TENANT = "routes-by-tenant";
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
        RouteSetSerde routeSetSerde = new RouteSetSerde();
        StreamsBuilder builder = new StreamsBuilder();

        KTable<String, RouteSet> tenantRoutes = routesPerTenant(builder, topics, metrics, routeSetSerde);
        KStream<String, Event> events = eventsKeyedByTenant(builder, topics, metrics,
                new TenantPlacement(eventPartitions), config.maxEventBytes());

        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(ROUTED_EVENT_IDS_STORE, dedupeWindow, dedupeWindow, false),
                Serdes.String(), Serdes.Long()));
        events.processValues(() -> new Deduplicator(ROUTED_EVENT_IDS_STORE, dedupeWindow, metrics),
                        Named.as("dedupe-events"), ROUTED_EVENT_IDS_STORE)
                .leftJoin(tenantRoutes, new FanOut(metrics),
                        Joined.<String, Event, RouteSet>as("join-tenant-routes")
                                .withKeySerde(Serdes.String())
                                .withValueSerde(topics.events().valueSerde())
                                .withOtherValueSerde(routeSetSerde))
                .flatMap((tenant, deliveries) -> keyedBySubscription(deliveries), Named.as("key-by-subscription"))
                .to(topics.deliveries().name(), Produced.with(Serdes.String(), topics.deliveries().valueSerde())
                        .withName("deliveries-sink"));

        return builder.build();
    }

    /** The subscriptions as routes, re-grouped by tenant into one {@link RouteSet} each. */
    private static KTable<String, RouteSet> routesPerTenant(StreamsBuilder builder, Topics topics,
                                                            RouterMetrics metrics, RouteSetSerde routeSetSerde) {
        Serde<Route> routeSerde = JsonSerde.of(Route.class);
        return builder
                .stream(topics.subscriptions().name(), Consumed.with(Serdes.String(), Serdes.ByteArray())
                        .withName("subscriptions-source"))
                .processValues(() -> new SubscriptionReader(metrics), Named.as("read-subscriptions"))
                .toTable(Named.as("subscription-routes-table"),
                        Materialized.<String, Route, KeyValueStore<Bytes, byte[]>>as(SUBSCRIPTION_ROUTES_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(routeSerde))
                .groupBy((subscriptionId, route) -> KeyValue.pair(route.tenant(), route),
                        Grouped.with(ROUTES_BY_TENANT, Serdes.String(), routeSerde))
                .aggregate(RouteSet::empty,
                        (tenant, route, routes) -> routes.with(route),
                        (tenant, route, routes) -> {
                            RouteSet rest = routes.without(route);
                            return rest.isEmpty() ? null : rest; // no routes left: delete the tenant's entry
                        },
                        Named.as("aggregate-tenant-routes"),
                        Materialized.<String, RouteSet, KeyValueStore<Bytes, byte[]>>as(TENANT_ROUTES_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(routeSetSerde));
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

    private static List<KeyValue<String, Delivery>> keyedBySubscription(List<Delivery> deliveries) {
        return deliveries.stream().map(delivery -> KeyValue.pair(delivery.subscriptionId(), delivery)).toList();
    }
}
