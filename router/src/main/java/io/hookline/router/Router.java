package io.hookline.router;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.HooklineException;
import io.hookline.common.Stage;
import io.hookline.common.kafka.TopicDescriber;
import io.hookline.router.internal.Readiness;
import io.hookline.router.internal.RecordTooLargeHandler;
import io.hookline.router.internal.RestoreLog;
import io.hookline.router.internal.StreamThreadFailureHandler;
import io.hookline.router.internal.TenantRoutes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router stage: runs {@link RouterTopology} as a Kafka Streams application with
 * exactly-once processing, so each (event, matching subscription) appears once in the
 * deliveries topic for read-committed consumers, across crashes and restarts.
 *
 * <pre>{@code
 * try (Router router = Router.create(config, metrics)) {
 *     router.start();
 *     ...                       // router.isRunning() for readiness
 * }
 * }</pre>
 *
 * <p>Creating it reads the partition count of the events topic, which the topology needs, and
 * fails with a {@link HooklineException} if that topic does not exist. A failed stream thread
 * is logged and replaced, a few times; a thread that keeps failing or a missing topic shuts the
 * router down, which {@link #isRunning()} then reports. A record Kafka refuses as too large is
 * logged and counted ({@value RouterMetrics#RECORDS_TOO_LARGE}); without exactly-once it is
 * dropped rather than failing the thread, while under exactly-once no record can be dropped from
 * a transaction, and {@code router.max.event.bytes} is what keeps records small enough.
 */
public final class Router implements Stage {
    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final int MAX_THREAD_REPLACEMENTS = 3;
    private static final Duration REPLACEMENT_PERIOD = Duration.ofMinutes(5);
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final Duration shutdownTimeout;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Readiness readiness = new Readiness();
    private volatile boolean closing;

    /**
     * A router for {@code config}, not yet started: asks Kafka how many partitions the events
     * topic has (the topology needs it), then builds the router.
     *
     * @throws HooklineException if the events topic does not exist, Kafka cannot say how many
     *                           partitions it has, or it has not the count the router's state was
     *                           built for ({@link RouterPartitions})
     */
    public static Router create(RouterConfig config, MetricRegistry metrics) {
        String topic = config.topics().events().name();
        try (Admin admin = Admin.create(config.kafkaClients().admin(config.applicationId() + "-partitions"))) {
            TopicDescriber describer = TopicDescriber.of(admin);
            int partitions = describer.existing(topic, DESCRIBE_TIMEOUT).size();
            new RouterPartitions(config.applicationId(), topic).mismatch(describer, partitions, DESCRIBE_TIMEOUT)
                    .ifPresent(mismatch -> {
                        throw new HooklineException(mismatch);
                    });
            return new Router(config, metrics, partitions);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new HooklineException("cannot read the partitions of " + topic + ": Kafka did not answer within "
                    + DESCRIBE_TIMEOUT.toSeconds() + " s", e);
        } catch (KafkaException e) {
            throw new HooklineException("cannot read the partitions of " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * A router for {@code config}, not yet started; talks to nobody until {@link #start()}.
     *
     * @param eventPartitions the partition count of the events topic
     */
    public Router(RouterConfig config, MetricRegistry metrics, int eventPartitions) {
        Map<String, Object> settings = config.streamsProperties();
        RouterMetrics routerMetrics = new RouterMetrics(metrics);
        RecordTooLargeHandler.install(settings, routerMetrics);
        Properties properties = new Properties();
        properties.putAll(settings);
        this.streams = new KafkaStreams(RouterTopology.build(config, metrics, eventPartitions), properties);
        this.shutdownTimeout = config.shutdownTimeout();
        streams.setUncaughtExceptionHandler(new StreamThreadFailureHandler(MAX_THREAD_REPLACEMENTS,
                REPLACEMENT_PERIOD, Clock.systemUTC()));
        streams.setGlobalStateRestoreListener(new RestoreLog(routerMetrics));
        routerMetrics.streamsGauges(streams::metrics);
        streams.setStateListener((now, before) -> {
            readiness.changed(now);
            if ((now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_SHUTDOWN) && !closing) {
                failure.compareAndSet(null, new HooklineException("the router stopped processing (Kafka Streams "
                        + "state " + now + "); see the errors logged before"));
            }
            if (now == KafkaStreams.State.ERROR) {
                log.error("Router stopped processing (state {} after {})", now, before);
            } else {
                log.info("Router state {} (was {})", now, before);
            }
        });
    }

    /** Starts processing in the background; {@link #isRunning()} turns true once the group is joined. */
    @Override
    public void start() {
        log.info("Router starting");
        streams.start();
    }

    /**
     * True once Kafka Streams first reached RUNNING, and still while it rebalances afterwards (a
     * routine rebalance must not take the router out of service); false before, and once it is
     * shutting down, failed or stopped. See {@link Readiness}.
     */
    @Override
    public boolean isRunning() {
        return readiness.ready();
    }

    /**
     * Ids of the enabled subscriptions this router instance now routes {@code tenant}'s events
     * to, from its local state (all of it when one router runs). Empty while the router is
     * not running. A subscription takes effect here within about a commit interval of being
     * published; events processed before that do not reach it.
     */
    public List<String> routedSubscriptionIds(String tenant) {
        try {
            ReadOnlyKeyValueStore<String, String> store = streams.store(StoreQueryParameters.fromNameAndType(
                    RouterTopology.ROUTE_INDEX_STORE, QueryableStoreTypes.keyValueStore()));
            return TenantRoutes.enabledIds(store, tenant);
        } catch (InvalidStateStoreException e) {
            return List.of(); // not running, or the task is moving: nothing is routed from here now
        }
    }

    /**
     * Stops processing until {@link #resume()}, keeping the router's tasks, state and place in
     * the consumer group (Kafka Streams' pause): what is written to the events topic meanwhile
     * waits there, as a backlog. {@code hookline bench} writes its backlogs this way, so that
     * writing them is not timed as routing.
     */
    public void pause() {
        streams.pause();
    }

    /** Processes again after {@link #pause()}, from where it stopped. */
    public void resume() {
        streams.resume();
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Stops processing, commits and closes, waiting at most {@code router.shutdown.timeout}.
     * It leaves the consumer group, so that another router takes over the tasks at once
     * rather than after the session timeout.
     */
    @Override
    public void close() {
        closing = true;
        CloseOptions options = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(shutdownTimeout);
        if (!streams.close(options)) {
            log.warn("Router did not stop within {}; its threads are left to finish on their own", shutdownTimeout);
        }
    }
}
