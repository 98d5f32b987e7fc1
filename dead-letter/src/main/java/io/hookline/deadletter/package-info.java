/**
 * The future home of the dead-letter tools: reading {@code <prefix>.dead-letter} for operators
 * ({@code hookline dlq list|show|stats}) and replaying dead letters back to events or
 * deliveries ({@code dlq replay}). None of that is built yet: the module holds no code, and
 * the {@code hookline} command has no {@code dlq} subcommand.
 *
 * <p>What exists today is the record, {@link io.hookline.common.wire.DeadLetter} in
 * {@code common}, and its two writers: the router (stage {@code router}: events it cannot read
 * or that are over {@code router.max.event.bytes}) and the dispatcher (stage
 * {@code dispatcher}: deliveries whose subscription is deleted, disabled, invalid or now
 * another tenant's, and those whose endpoint answered 410 Gone). Until the tools exist, the
 * topic can be read with any Kafka consumer.
 */
package io.hookline.deadletter;
