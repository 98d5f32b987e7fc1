package io.hookline.bench.internal;

import com.codahale.metrics.MetricRegistry;
import io.hookline.common.Stage;
import io.hookline.dispatcher.Dispatcher;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.router.Router;
import io.hookline.router.RouterConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One stage of a scaled-out Hookline in its own JVM (a testkit {@code ChildJvm}), as
 * {@code hookline router} or {@code hookline dispatcher} runs it: created from a properties
 * file, started, and closed by a shutdown hook, so SIGTERM stops it gracefully (the router
 * commits and leaves its group, the dispatcher finishes or hands off what it has in flight).
 * Prints {@value #RUNNING} once the stage runs; exits 1 if the stage fails.
 *
 * <p>Arguments: {@code router|dispatcher}, the properties file.
 */
public final class StageMain {
    static final String RUNNING = "hookline-bench-stage RUNNING";
    private static final Duration LOOK_EVERY = Duration.ofMillis(200);

    private StageMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, Object> settings = new HashMap<>();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[1]))) {
            properties.load(reader);
        }
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        Stage stage = switch (args[0]) {
            case "router" -> Router.create(new RouterConfig(settings), new MetricRegistry());
            case "dispatcher" -> new Dispatcher(new DispatcherConfig(settings), new MetricRegistry());
            default -> throw new IllegalArgumentException("no stage " + args[0]);
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("hookline-bench-stage stopping " + args[0]);
            stage.close();
            stopped.countDown();
            System.out.println("hookline-bench-stage stopped " + args[0]);
        }, "bench-stage-stop"));
        stage.start();
        boolean said = false;
        // the stages give no notice of running or failing: look a few times a second
        while (!stopped.await(LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            Optional<Throwable> failure = stage.failure();
            if (failure.isPresent()) {
                System.out.println("hookline-bench-stage FAILED " + args[0] + ": " + failure.get().getMessage());
                System.exit(1);
            }
            if (!said && stage.isRunning()) {
                System.out.println(RUNNING + " " + args[0]);
                said = true;
            }
        }
    }
}
