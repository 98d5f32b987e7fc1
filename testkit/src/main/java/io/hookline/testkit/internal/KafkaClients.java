package io.hookline.testkit.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.kafka.KafkaFutures;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** Short-lived Kafka clients for test set-up, with timeouts that fail fast and clearly. */
public final class KafkaClients {

    private KafkaClients() {
    }

    public static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "hookline-testkit-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /**
     * The brokers of the cluster, asked once within {@code timeout}.
     *
     * @throws HooklineException if the cluster does not answer in time
     */
    public static Collection<Node> describeCluster(Admin admin, Duration timeout) {
        // the admin gives up at the timeout; the wait a second later only guards against it not doing so
        return KafkaFutures.await(admin.describeCluster(new DescribeClusterOptions()
                .timeoutMs((int) timeout.toMillis())).nodes(), timeout.plusSeconds(1), "describe the Kafka cluster");
    }
}
