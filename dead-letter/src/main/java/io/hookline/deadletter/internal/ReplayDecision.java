package io.hookline.deadletter.internal;

import io.hookline.deadletter.SkipReason;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What a replay does with one dead letter its filter matched. */
public sealed interface ReplayDecision {

    /** Send {@code record}: a fresh delivery to the deliveries topic, or the event's bytes to the events topic. */
    record Replay(ProducerRecord<String, byte[]> record, boolean toEvents) implements ReplayDecision {
    }

    /** Leave the letter; {@code who} names what it concerns: a subscription id, else the letter's id. */
    record Skip(SkipReason reason, String who) implements ReplayDecision {
    }
}
