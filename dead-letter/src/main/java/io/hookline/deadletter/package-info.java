/**
 * The dead-letter tools behind {@code hookline dlq list|show|stats|replay}: reading
 * {@code <prefix>.dead-letter} for operators, and replaying dead letters back to the
 * deliveries topic (dispatcher letters, as a fresh delivery with the same delivery id) or the
 * events topic (router letters, as their original bytes).
 *
 * <p>{@link io.hookline.deadletter.DeadLetters} is the entry class; the root package holds the
 * types its callers see (filters, results, summaries, the formats the CLI prints), and
 * {@code internal} the reading, deciding and replay loop. A replay keeps its place as the
 * committed offsets of its own consumer group, written in the same Kafka transaction as the
 * records it sends, so it is idempotent and resumable (docs/design.md, "Dead letters").
 *
 * <p>The letters come from the router (stage {@code router}: events it cannot read, or over
 * {@code router.max.event.bytes}) and the dispatcher (stage {@code dispatcher}: exhausted,
 * gone, blocked, and deliveries whose subscription is deleted, disabled, invalid or now
 * another tenant's); the record is {@link io.hookline.common.wire.DeadLetter}.
 */
package io.hookline.deadletter;
