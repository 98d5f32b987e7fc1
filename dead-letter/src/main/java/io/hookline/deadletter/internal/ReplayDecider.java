package io.hookline.deadletter.internal;

import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.SubscriptionRecord;
import io.hookline.common.wire.Topics;
import io.hookline.deadletter.SkipReason;
import io.hookline.deadletter.StoredDeadLetter;
import io.hookline.deadletter.SubscriptionStates;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Decides, for one dead letter, what a replay sends and where, from the letter and the
 * subscriptions as they are now. Pure: no Kafka.
 *
 * <ul>
 *   <li>A dispatcher letter becomes its delivery again, with the same delivery id (receivers
 *       deduplicate on {@code webhook-id}) and a fresh start: attempt 1, no first-attempt
 *       time, no {@code notBefore}. It goes to the deliveries topic keyed by subscription id,
 *       as the router writes it, unless its subscription is deleted, invalid, another
 *       tenant's or (without {@code includeDisabled}) disabled, or its body was dropped.</li>
 *   <li>A router letter becomes its event's record again, key and value byte for byte, on the
 *       events topic; an {@code event_too_large} letter holds no bytes to send.</li>
 * </ul>
 * Each record sent carries a {@value #HEADER} header naming the replay and the letter it came
 * from, for whoever traces it later.
 */
public final class ReplayDecider {
    public static final String HEADER = "hookline-replay";

    private final Topics topics;
    private final SubscriptionStates subscriptions;
    private final boolean includeDisabled;
    private final String replayName;

    public ReplayDecider(Topics topics, SubscriptionStates subscriptions, boolean includeDisabled,
                         String replayName) {
        this.topics = topics;
        this.subscriptions = subscriptions;
        this.includeDisabled = includeDisabled;
        this.replayName = replayName;
    }

    public ReplayDecision decide(StoredDeadLetter stored) {
        DeadLetter letter = stored.letter();
        ReplayDecision decision = letter.stage() == DeadLetter.Origin.ROUTER ? event(stored) : delivery(stored);
        if (decision instanceof ReplayDecision.Replay replay) {
            String from = topics.deadLetter().name() + "/" + stored.partition() + "/" + stored.offset();
            replay.record().headers().add(HEADER, (replayName + " " + from).getBytes(StandardCharsets.UTF_8));
        }
        return decision;
    }

    private ReplayDecision event(StoredDeadLetter stored) {
        DeadLetter letter = stored.letter();
        if (letter.rawEvent() == null) {
            return new ReplayDecision.Skip(SkipReason.NO_EVENT_BYTES, stored.id());
        }
        // the router read the key as UTF-8 text and wrote those bytes: decoding them gives the key back
        String key = letter.rawKey() == null ? null : new String(letter.rawKey(), StandardCharsets.UTF_8);
        return new ReplayDecision.Replay(new ProducerRecord<>(topics.events().name(), key, letter.rawEvent()), true);
    }

    private ReplayDecision delivery(StoredDeadLetter stored) {
        Delivery delivery = stored.letter().delivery();
        String id = delivery.subscriptionId();
        if (delivery.body().isEmpty()) {
            return new ReplayDecision.Skip(SkipReason.BODY_DROPPED, delivery.deliveryId());
        }
        SubscriptionRecord current = subscriptions.current(id);
        if (current instanceof SubscriptionRecord.Invalid) {
            return new ReplayDecision.Skip(SkipReason.SUBSCRIPTION_INVALID, id);
        }
        if (!(current instanceof SubscriptionRecord.Valid valid)) {
            return new ReplayDecision.Skip(SkipReason.SUBSCRIPTION_DELETED, id);
        }
        if (!valid.subscription().tenant().equals(delivery.tenant())) {
            return new ReplayDecision.Skip(SkipReason.TENANT_MISMATCH, id);
        }
        if (!valid.subscription().enabled() && !includeDisabled) {
            return new ReplayDecision.Skip(SkipReason.SUBSCRIPTION_DISABLED, id);
        }
        Delivery fresh = new Delivery(delivery.deliveryId(), delivery.eventId(), delivery.eventType(),
                delivery.tenant(), id, delivery.body(), 1, null, null);
        return new ReplayDecision.Replay(new ProducerRecord<>(topics.deliveries().name(), id, Json.write(fresh)),
                false);
    }
}
