package io.hookline.dispatcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.common.wire.DeadLetterReason;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Subscription;
import io.hookline.testkit.Fixtures;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every kind of subscription lookup, for a first attempt and for a retry. */
class DeliveryDeciderTest {
    private final DeliveryDecider decider = new DeliveryDecider();

    private static Delivery delivery(String tenant, int attempt) {
        return Fixtures.delivery("evt_1", "sub_1").tenant(tenant).attempt(attempt)
                .firstAttemptAt(attempt == 1 ? null : Instant.parse("2026-11-30T10:00:00Z")).build();
    }

    private static Subscription subscription(String tenant, boolean enabled) {
        return Fixtures.subscription("sub_1").tenant(tenant).enabled(enabled).build();
    }

    static Stream<Arguments> lookups() {
        return Stream.of(1, 2, 10).flatMap(attempt -> Stream.of(
                Arguments.of(attempt, new SubscriptionReplica.Active(subscription("acme", true)), null),
                Arguments.of(attempt, new SubscriptionReplica.Active(subscription("globex", true)),
                        DeadLetterReason.TENANT_MISMATCH),
                Arguments.of(attempt, new SubscriptionReplica.Active(subscription("globex", false)),
                        DeadLetterReason.TENANT_MISMATCH),
                Arguments.of(attempt, new SubscriptionReplica.Active(subscription("acme", false)),
                        DeadLetterReason.ENDPOINT_DISABLED),
                Arguments.of(attempt, new SubscriptionReplica.Invalid("secrets must list at least one secret"),
                        DeadLetterReason.INVALID_SUBSCRIPTION)));
    }

    @ParameterizedTest(name = "attempt {0}, {1} -> {2}")
    @MethodSource("lookups")
    void decidesTheSameForEveryAttempt(int attempt, SubscriptionReplica.Lookup lookup, DeadLetterReason reason) {
        Decision decision = decider.decide(delivery("acme", attempt), lookup);

        if (reason == null) {
            Decision.Send send = assertInstanceOf(Decision.Send.class, decision);
            assertSame(((SubscriptionReplica.Active) lookup).subscription(), send.subscription());
        } else {
            assertEquals(reason, assertInstanceOf(Decision.Reject.class, decision).reason());
        }
    }

    @Test
    void aMissingSubscriptionDeadLettersAFirstAttempt() {
        Decision.Reject reject = assertInstanceOf(Decision.Reject.class,
                decider.decide(delivery("acme", 1), new SubscriptionReplica.Missing()));

        assertEquals(DeadLetterReason.SUBSCRIPTION_DELETED, reject.reason());
        assertEquals("subscription sub_1 does not exist (deleted or never published)", reject.error());
    }

    @Test
    void aMissingSubscriptionDropsARetry() {
        Decision.Drop drop = assertInstanceOf(Decision.Drop.class,
                decider.decide(delivery("acme", 3), new SubscriptionReplica.Missing()));

        assertEquals("subscription sub_1 was deleted while attempt 3 was pending", drop.why());
    }

    @Test
    void aTenantMismatchNeverNamesTheOtherTenant() {
        Decision.Reject reject = assertInstanceOf(Decision.Reject.class, decider.decide(delivery("acme", 1),
                new SubscriptionReplica.Active(subscription("globex", true))));

        assertTrue(reject.error().contains("acme"), reject.error());
        assertTrue(!reject.error().contains("globex"), reject.error());
    }

    @Test
    void anInvalidSubscriptionSaysWhy() {
        Decision.Reject reject = assertInstanceOf(Decision.Reject.class, decider.decide(delivery("acme", 1),
                new SubscriptionReplica.Invalid("url must be http or https")));

        assertEquals("subscription sub_1 is invalid: url must be http or https", reject.error());
    }
}
