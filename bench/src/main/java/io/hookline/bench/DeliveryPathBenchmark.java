package io.hookline.bench;

import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookSigner;
import io.hookline.common.wire.Delivery;
import io.hookline.common.wire.Event;
import io.hookline.common.wire.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * What the dispatcher's poll thread does per delivery before the request leaves it: read the
 * delivery record's JSON (as the router wrote it: a 1 KiB event body, escaped inside the
 * record), then build the signed request (body bytes, headers, one {@code v1,…} signature),
 * as {@code WebhookRequestFactory} does (it is internal to the dispatcher, so its few lines
 * are repeated here). {@link #parse} and {@link #sign} split the {@link #parseAndSign} total.
 *
 * <p>Code changes are compared by running this class against the jar of each commit, back to
 * back (docs/benchmarks.md, "Profile"): the old code is gone from the new commit.
 * {@link #baselineCopy} is the floor every version pays: copying the record's bytes once.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar DeliveryPathBenchmark}
 */
public class DeliveryPathBenchmark extends HotPathBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private byte[] record;
    private List<WebhookSecret> secrets;
    private Delivery parsed;
    private byte[] key;
    private Mac keyedPrototype;
    private Mac threadMac;
    private SecretKeySpec keySpec;

    @Setup
    public void setUp() {
        Event event = Json.read(benchEvent("2026-11-30T12:00:00Z"), Event.class);
        parsed = Delivery.first(event, "sub_f5-t0-3");
        record = Json.write(parsed);
        secrets = List.of(WebhookSecret.generate());
        key = Base64.getDecoder().decode(secrets.get(0).encoded().substring(WebhookSecret.PREFIX.length()));
        try {
            keyedPrototype = Mac.getInstance("HmacSHA256");
            keyedPrototype.init(new SecretKeySpec(key, "HmacSHA256"));
            threadMac = Mac.getInstance("HmacSHA256");
            keySpec = new SecretKeySpec(key, "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Mac of one signature as WebhookSigner makes it: a clone of the secret's keyed Mac. */
    @Benchmark
    public byte[] macCloned() throws CloneNotSupportedException {
        Mac mac = (Mac) keyedPrototype.clone();
        return mac.doFinal(record);
    }

    /**
     * The alternative: one Mac per thread, keyed for each signature with the secret's key spec.
     * Measured against {@link #macCloned} and not faster (docs/benchmarks.md), so not used.
     */
    @Benchmark
    public byte[] macPerThread() throws GeneralSecurityException {
        threadMac.init(keySpec);
        return threadMac.doFinal(record);
    }

    /** And {@code Mac.getInstance} + {@code init} per signature, which the clone replaced. */
    @Benchmark
    public byte[] macNew() throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(record);
    }

    @Benchmark
    public byte[] baselineCopy() {
        return record.clone();
    }

    @Benchmark
    public Delivery parse() {
        return Json.read(record, Delivery.class);
    }

    @Benchmark
    public Map<String, String> sign() {
        return request(parsed);
    }

    @Benchmark
    public Map<String, String> parseAndSign() {
        return request(Json.read(record, Delivery.class));
    }

    /** WebhookRequestFactory.create without the subscription's own headers; the body is the map's last value. */
    private Map<String, String> request(Delivery delivery) {
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = NOW.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "Hookline/0.1.0");
        headers.put("webhook-id", delivery.deliveryId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSigner.sign(secrets, delivery.deliveryId(), timestamp, body));
        return headers;
    }
}
