package io.hookline.router.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * One {@link MatchCache} per task of a router, shared by the task's two users of the route
 * index: {@link RouteIndexer}, which changes it, and {@link FanOut}, which matches with it.
 * Kafka Streams gives each its own processor instance, so the cache they share lives here,
 * created once per topology. Thread-safe: tasks of several stream threads look theirs up.
 */
public final class MatchCaches {
    private final Map<TaskId, MatchCache> byTask = new ConcurrentHashMap<>();

    /** The cache of {@code task}. */
    public MatchCache of(TaskId task) {
        return byTask.computeIfAbsent(task, t -> new MatchCache());
    }
}
