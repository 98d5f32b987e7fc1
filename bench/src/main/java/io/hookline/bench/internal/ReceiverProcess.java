package io.hookline.bench.internal;

import io.hookline.common.HooklineException;
import io.hookline.common.signing.WebhookSecret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The receiver ({@code receiver.ReceiverMain}) in a child JVM, and the harness's side of its
 * control port. The child halts by itself when this JVM is gone.
 */
public final class ReceiverProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int controlPort;
    private final List<Integer> endpointPorts;
    private final HttpClient control = HttpClient.newBuilder().connectTimeout(CONTROL_TIMEOUT).build();

    private ReceiverProcess(Process process, int controlPort, List<Integer> endpointPorts) {
        this.process = process;
        this.controlPort = controlPort;
        this.endpointPorts = endpointPorts;
    }

    /** Starts the receiver with {@code endpoints} endpoints; its warnings go to {@code log}. */
    public static ReceiverProcess start(int endpoints, WebhookSecret secret, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseParallelGC", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=io/hookline/bench/receiver-logback.xml",
                "io.hookline.bench.internal.receiver.ReceiverMain",
                Long.toString(ProcessHandle.current().pid()), Integer.toString(endpoints)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process process;
        try {
            process = builder.start();
            try (Writer in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII)) {
                in.write(secret.encoded() + "\n");
            }
        } catch (IOException e) {
            throw new HooklineException("cannot start the benchmark receiver's JVM: " + e.getMessage(), e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            throw new HooklineException("the benchmark receiver did not start within " + START_TIMEOUT.toSeconds()
                    + " s; see " + log);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while starting the benchmark receiver", e);
        }
        if (line == null || !line.startsWith("READY ")) {
            process.destroyForcibly();
            throw new HooklineException("the benchmark receiver failed to start; see " + log);
        }
        String[] parts = line.split(" ");
        List<Integer> ports = Arrays.stream(parts[2].split(",")).map(Integer::valueOf).toList();
        return new ReceiverProcess(process, Integer.parseInt(parts[1]), ports);
    }

    /** The URL of endpoint {@code index}. */
    public String url(int index) {
        return "http://127.0.0.1:" + endpointPorts.get(index) + "/hook";
    }

    public int endpoints() {
        return endpointPorts.size();
    }

    public long pid() {
        return process.pid();
    }

    /** Starts counting for {@code run}; what arrives for other runs is answered but not counted. */
    /**
     * @param stallMillis  how long a stalled endpoint holds a request before it answers 503
     * @param answerMillis how long a healthy endpoint takes to answer 200; 0: at once
     */
    public void startRun(RunSpec run, long startMillis, long stallMillis, long answerMillis) {
        String body = "run=" + run.id() + "\nendpoints=" + run.layout().endpoints() + "\nfanOut=" + run.layout().fanOut()
                + "\nevents=" + run.events() + "\nstartMillis=" + startMillis
                + "\nstalled=" + join(run.faults().stalled()) + "\nfailing=" + join(run.faults().failing())
                + "\nstallMillis=" + stallMillis + "\nanswerMillis=" + answerMillis + "\n";
        send(HttpRequest.newBuilder(control("/run")).POST(HttpRequest.BodyPublishers.ofString(body)), 204);
    }

    /** Slots delivered so far for {@code run}, cheaply. */
    public long delivered(int run) {
        byte[] status = send(HttpRequest.newBuilder(control("/status?run=" + run)).GET(), 200);
        return Long.parseLong(new String(status, StandardCharsets.US_ASCII).split(" ")[0]);
    }

    public ReceiverReport report(int run) {
        return ReceiverReport.read(send(HttpRequest.newBuilder(control("/report?run=" + run)).GET(), 200));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private URI control(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + controlPort + pathAndQuery);
    }

    private byte[] send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<byte[]> response = control.send(request.timeout(CONTROL_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != expected) {
                throw new HooklineException("the benchmark receiver answered " + response.statusCode() + " to "
                        + response.request().uri().getPath());
            }
            return response.body();
        } catch (IOException e) {
            throw new HooklineException("cannot reach the benchmark receiver: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HooklineException("interrupted while talking to the benchmark receiver", e);
        }
    }

    private static String join(java.util.Set<Integer> indexes) {
        return String.join(",", indexes.stream().map(String::valueOf).toList());
    }
}
