package io.hookline.common.signing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    private static final WebhookSecret SPEC = WebhookSecret.parse(SpecVector.SECRET);
    private static final WebhookSecret OTHER = WebhookSecret.parse(SpecVector.OTHER_SECRET);

    @Test
    void reproducesTheSpecTestVector() {
        assertEquals(SpecVector.SIGNATURE,
                WebhookSigner.sign(List.of(SPEC), SpecVector.ID, SpecVector.TIMESTAMP, SpecVector.body()));
    }

    @Test
    void theIndependentHmacAgreesWithTheSpecVector() {
        // guards the helper the other tests use as their reference
        assertEquals(SpecVector.SIGNATURE, SpecVector.expectedSignature(SpecVector.SECRET, SpecVector.ID,
                SpecVector.TIMESTAMP, SpecVector.body()));
    }

    @Test
    void signsWithEverySecretSpaceSeparatedInTheGivenOrder() {
        String other = SpecVector.expectedSignature(SpecVector.OTHER_SECRET, SpecVector.ID, SpecVector.TIMESTAMP,
                SpecVector.body());

        assertEquals(SpecVector.SIGNATURE + " " + other,
                WebhookSigner.sign(List.of(SPEC, OTHER), SpecVector.ID, SpecVector.TIMESTAMP, SpecVector.body()));
        assertEquals(other + " " + SpecVector.SIGNATURE,
                WebhookSigner.sign(List.of(OTHER, SPEC), SpecVector.ID, SpecVector.TIMESTAMP, SpecVector.body()));
    }

    @Test
    void signsTheExactBodyBytes() {
        byte[] body = "{\"name\":\"Zoë ☕ 😀\"}".getBytes(UTF_8);

        assertEquals(SpecVector.expectedSignature(SpecVector.OTHER_SECRET, "msg_1", 1_700_000_000L, body),
                WebhookSigner.sign(List.of(OTHER), "msg_1", 1_700_000_000L, body));
    }

    @Test
    void signatureDependsOnIdTimestampAndBody() {
        String base = WebhookSigner.sign(List.of(SPEC), "msg_1", 100, "{}".getBytes(UTF_8));

        assertNotEquals(base, WebhookSigner.sign(List.of(SPEC), "msg_2", 100, "{}".getBytes(UTF_8)));
        assertNotEquals(base, WebhookSigner.sign(List.of(SPEC), "msg_1", 101, "{}".getBytes(UTF_8)));
        assertNotEquals(base, WebhookSigner.sign(List.of(SPEC), "msg_1", 100, "{ }".getBytes(UTF_8)));
    }

    @Test
    void signsConcurrentlyWithEverySecret() throws Exception {
        // Each secret keeps one keyed Mac that every signature clones, on whichever thread: no
        // signature may see what another, with this secret or another, does meanwhile.
        byte[] body = "{\"n\":1}".getBytes(UTF_8);
        String spec = SpecVector.expectedSignature(SpecVector.SECRET, "msg_1", 7, body);
        String other = SpecVector.expectedSignature(SpecVector.OTHER_SECRET, "msg_1", 7, body);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(threads.submit(() -> {
                    List<String> signatures = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        signatures.add(WebhookSigner.sign(List.of(i % 2 == 0 ? SPEC : OTHER), "msg_1", 7, body));
                    }
                    return signatures;
                }));
            }
            for (Future<List<String>> result : results) {
                List<String> signatures = result.get();
                for (int i = 0; i < signatures.size(); i++) {
                    assertEquals(i % 2 == 0 ? spec : other, signatures.get(i));
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void signsAnEmptyBody() {
        assertEquals(SpecVector.expectedSignature(SpecVector.SECRET, "msg_1", 5, new byte[0]),
                WebhookSigner.sign(List.of(SPEC), "msg_1", 5, new byte[0]));
    }

    @Test
    void refusesToSignWithoutSecrets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebhookSigner.sign(List.of(), "msg_1", 5, new byte[0]));
        assertEquals("at least one secret is needed to sign", e.getMessage());
    }

    @Test
    void oneSecretSignsCorrectlyFromManyThreadsAtOnce() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Long>> wrong = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                wrong.add(pool.submit(() -> {
                    long mismatches = 0;
                    for (int i = 0; i < 2_000; i++) {
                        if (!SpecVector.SIGNATURE.equals(WebhookSigner.sign(List.of(SPEC), SpecVector.ID,
                                SpecVector.TIMESTAMP, SpecVector.body()))) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (java.util.concurrent.Future<Long> mismatches : wrong) {
                assertEquals(0L, mismatches.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
