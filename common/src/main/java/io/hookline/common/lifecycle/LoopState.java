package io.hookline.common.lifecycle;

import java.util.Set;

/**
 * Where a {@link LoopRunner} is in its life, with the moves allowed between states (as
 * {@code KafkaStreams.State} has them):
 * <pre>
 * CREATED ──▶ STARTING ──▶ RUNNING ──▶ STOPPING ──▶ STOPPED
 *    │            │  └──────────┼──────────┘ ▲
 *    │            └─────────────┴────────────┼──▶ FAILED
 *    └───────────────────────────────────────┘  (closed before it ran)
 * </pre>
 * STOPPED and FAILED are final.
 */
public enum LoopState {
    /** Built; nothing runs yet. */
    CREATED,
    /** Its thread runs and prepares (checks topics, loads what it needs). */
    STARTING,
    /** Doing its work, round after round. */
    RUNNING,
    /** Asked to stop: finishing what is in flight. */
    STOPPING,
    /** Stopped after a close. */
    STOPPED,
    /** Stopped on its own, by an error; see {@link LoopRunner#failure()}. */
    FAILED;

    private Set<LoopState> next() {
        return switch (this) {
            case CREATED -> Set.of(STARTING, STOPPED);
            case STARTING -> Set.of(RUNNING, STOPPING, FAILED);
            case RUNNING -> Set.of(STOPPING, FAILED);
            case STOPPING -> Set.of(STOPPED, FAILED);
            case STOPPED, FAILED -> Set.of();
        };
    }

    /** Whether a runner in this state may move to {@code target}. */
    public boolean canMoveTo(LoopState target) {
        return next().contains(target);
    }

    /** STOPPED or FAILED: nothing runs and nothing will. */
    public boolean isFinal() {
        return this == STOPPED || this == FAILED;
    }
}
