package io.hookline.bench;

import io.hookline.common.signing.WebhookSecret;
import io.hookline.common.signing.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The dispatcher signs every attempt, so signing sits on the hot path. Baseline: one reused
 * {@link Mac} over the same content, the least any HMAC-SHA256 signer can do. Read the
 * result as the ratio signer / baseline, both run in the same JVM and run.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SigningBenchmark}
 */
public class SigningBenchmark extends HotPathBenchmark {
    @Param({"1024"})
    int bodyBytes;

    private List<WebhookSecret> secrets;
    private byte[] body;
    private Mac reusedMac;
    private static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;

    @Setup
    public void setUp() throws GeneralSecurityException {
        WebhookSecret secret = WebhookSecret.generate();
        secrets = List.of(secret);
        body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'x');
        reusedMac = Mac.getInstance("HmacSHA256");
        byte[] key = Base64.getDecoder().decode(secret.encoded().substring(WebhookSecret.PREFIX.length()));
        reusedMac.init(new SecretKeySpec(key, "HmacSHA256"));
    }

    @Benchmark
    public String baselineReusedMac() {
        reusedMac.update((MESSAGE_ID + '.' + TIMESTAMP + '.').getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(reusedMac.doFinal(body));
    }

    @Benchmark
    public String webhookSigner() {
        return WebhookSigner.sign(secrets, MESSAGE_ID, TIMESTAMP, body);
    }
}
