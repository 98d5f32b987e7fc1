package io.hookline.bench.internal.receiver;

import io.hookline.common.signing.WebhookSecret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Main class of the receiver's own JVM, so that answering webhooks is not billed to the
 * systems measured. Arguments: the parent's pid and the number of endpoints; the signing
 * secret comes on standard input (never on the command line, which {@code ps} shows).
 * Prints one line, {@code READY <control port> <endpoint port>,<endpoint port>,…}, then
 * serves until the parent is gone or it is killed.
 */
public final class ReceiverMain {

    private ReceiverMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        long parentPid = Long.parseLong(args[0]);
        int endpoints = Integer.parseInt(args[1]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        WebhookSecret secret = WebhookSecret.parse(in.readLine());
        CountDownLatch parentGone = new CountDownLatch(1);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(parentGone::countDown), parentGone::countDown);
        try (FastReceiver receiver = new FastReceiver(endpoints, secret)) {
            System.out.println("READY " + receiver.controlPort() + " " + receiver.endpointPorts().stream()
                    .map(String::valueOf).collect(Collectors.joining(",")));
            System.out.flush();
            parentGone.await();
        }
        Runtime.getRuntime().halt(0);
    }
}
