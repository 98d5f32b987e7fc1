/**
 * The dead-letter stage: reading {@code <prefix>.dead-letter} for operators ({@code hookline dlq
 * list|show|stats}) and replaying dead letters back to events or deliveries ({@code dlq replay}).
 *
 * <p>The record written here is {@link io.hookline.common.wire.DeadLetter}; the router (stage
 * {@code router}, unreadable events) and the dispatcher (stage {@code dispatcher}: gone,
 * disabled, deleted or invalid subscriptions, exhausted retries) write it.
 */
package io.hookline.deadletter;
