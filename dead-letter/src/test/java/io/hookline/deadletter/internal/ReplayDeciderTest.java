package io.hookline.deadletter.internal;

import static io.hookline.deadletter.Letters.NOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.wire.DeadLetter;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Json;
import io.hookline.common.wire.SubscriptionRecord;
import io.hookline.common.wire.Topics;
import io.hookline.deadletter.Letters;
import io.hookline.deadletter.SkipReason;
import io.hookline.deadletter.StoredDeadLetter;
import io.hookline.deadletter.SubscriptionStates;
import io.hookline.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ReplayDeciderTest {
    private static final Topics TOPICS = new Topics("hooks");
    private static final Map<String, SubscriptionRecord> SUBSCRIPTIONS = Map.of(
            "sub_on", new SubscriptionRecord.Valid("sub_on", Fixtures.subscription("sub_on").build()),
            "sub_off", new SubscriptionRecord.Valid("sub_off", Fixtures.subscription("sub_off").enabled(false).build()),
            "sub_other", new SubscriptionRecord.Valid("sub_other",
                    Fixtures.subscription("sub_other").tenant("globex").build()),
            "sub_bad", new SubscriptionRecord.Invalid("sub_bad", "url: not a URL"));
    private static final SubscriptionStates STATES = id -> SUBSCRIPTIONS.getOrDefault(id,
            new SubscriptionRecord.Deleted(id));

    private final ReplayDecider decider = new ReplayDecider(TOPICS, STATES, false, "nightly");

    @Test
    void aDispatcherLetterGoesBackAsAFreshDeliveryWithTheSameId() {
        DeadLetter letter = Letters.exhausted("evt_1", "sub_on", NOW);
        ReplayDecision.Replay replay = (ReplayDecision.Replay) decider.decide(Letters.stored(2, 17, letter));

        ProducerRecord<String, byte[]> record = replay.record();
        assertFalse(replay.toEvents());
        assertEquals("hooks.deliveries", record.topic());
        assertEquals("sub_on", record.key());
        Delivery sent = Json.read(record.value(), Delivery.class);
        Delivery original = letter.delivery();
        assertEquals(new Delivery(original.deliveryId(), original.eventId(), original.eventType(), original.tenant(),
                original.subscriptionId(), original.body(), 1, null, null), sent);
        assertEquals(3, original.attempt(), "the letter's own delivery was at attempt 3");
        assertEquals("nightly hooks.dead-letter/2/17",
                new String(record.headers().lastHeader(ReplayDecider.HEADER).value(), StandardCharsets.UTF_8));
    }

    @Test
    void lettersOfSubscriptionsThatCannotTakeThemAreSkippedNamingTheSubscription() {
        assertSkip(SkipReason.SUBSCRIPTION_DELETED, "sub_gone", Letters.exhausted("evt_1", "sub_gone", NOW));
        assertSkip(SkipReason.SUBSCRIPTION_DISABLED, "sub_off", Letters.exhausted("evt_1", "sub_off", NOW));
        assertSkip(SkipReason.SUBSCRIPTION_INVALID, "sub_bad", Letters.exhausted("evt_1", "sub_bad", NOW));
        assertSkip(SkipReason.TENANT_MISMATCH, "sub_other", Letters.exhausted("evt_1", "sub_other", NOW));
        DeadLetter bodiless = Letters.exhausted("evt_1", "sub_on", NOW).withoutBody("too large");
        assertSkip(SkipReason.BODY_DROPPED, bodiless.delivery().deliveryId(), bodiless);
    }

    @Test
    void disabledSubscriptionsAreReplayedWhenAskedFor() {
        ReplayDecider including = new ReplayDecider(TOPICS, STATES, true, "nightly");
        assertTrue(including.decide(Letters.stored(0, 0, Letters.exhausted("evt_1", "sub_off", NOW)))
                instanceof ReplayDecision.Replay);
    }

    @Test
    void aRouterLetterGoesBackAsItsOriginalRecord() {
        DeadLetter letter = Letters.invalidEvent("acme", "{\"type\": broken", NOW);
        ReplayDecision.Replay replay = (ReplayDecision.Replay) decider.decide(Letters.stored(1, 4, letter));
        assertTrue(replay.toEvents());
        assertEquals("hooks.events", replay.record().topic());
        assertEquals("acme", replay.record().key());
        assertArrayEquals("{\"type\": broken".getBytes(StandardCharsets.UTF_8), replay.record().value());

        DeadLetter keyless = Letters.invalidEvent(null, "x", NOW);
        assertNull(((ReplayDecision.Replay) decider.decide(Letters.stored(1, 5, keyless))).record().key());
    }

    @Test
    void aTooLargeEventHasNoBytesToReplay() {
        assertSkip(SkipReason.NO_EVENT_BYTES, "0:9", Letters.tooLarge("acme", NOW), 0, 9);
    }

    private void assertSkip(SkipReason reason, String who, DeadLetter letter) {
        assertSkip(reason, who, letter, 0, 0);
    }

    private void assertSkip(SkipReason reason, String who, DeadLetter letter, int partition, long offset) {
        StoredDeadLetter stored = Letters.stored(partition, offset, letter);
        assertEquals(new ReplayDecision.Skip(reason, who), decider.decide(stored));
    }
}
