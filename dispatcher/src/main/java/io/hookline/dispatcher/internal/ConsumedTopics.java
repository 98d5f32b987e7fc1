package io.hookline.dispatcher.internal;

import io.hookline.common.kafka.KafkaFutures;
import io.hookline.common.kafka.TopicDescriber;
import io.hookline.common.retry.RetrySchedule;
import io.hookline.common.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics the dispatcher reads: deliveries (first), every retry tier of the schedule, and the
 * tiers of delays no longer in it, drained until empty so that nothing queued is stranded.
 */
public final class ConsumedTopics {
    private static final Logger log = LoggerFactory.getLogger(ConsumedTopics.class);

    private ConsumedTopics() {
    }

    /**
     * @throws io.hookline.common.HooklineException with one line when a topic the dispatcher
     *                                              reads or writes does not exist
     */
    public static List<String> of(Admin admin, Topics topics, RetrySchedule schedule, Duration timeout) {
        TopicDescriber describer = TopicDescriber.of(admin);
        List<String> consumed = new ArrayList<>();
        consumed.add(topics.deliveries().name());
        for (Duration delay : schedule.distinctDelays()) {
            consumed.add(topics.retry(delay).name());
        }
        List<String> required = new ArrayList<>(consumed);
        required.add(topics.attempts().name());
        required.add(topics.deadLetter().name());
        for (String topic : required) {
            describer.existing(topic, timeout);
        }
        Set<String> existing = KafkaFutures.await(admin.listTopics().names(), timeout, "list topics");
        for (String old : topics.retryTopics(existing).keySet()) {
            if (!consumed.contains(old)) {
                log.info("Draining {}: its delay is no longer in retry.schedule", old);
                consumed.add(old);
            }
        }
        return consumed;
    }
}
