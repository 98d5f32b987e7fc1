package io.hookline.testkit.internal;

/**
 * Main class of a {@code ChildKafkaBroker}'s JVM: {@code kafka.Kafka}, plus a guard that
 * halts this JVM when the test JVM that started it is gone, so a killed or crashed test
 * run never leaves a broker behind holding its ports.
 *
 * <p>Arguments: the parent's pid, then the arguments of {@code kafka.Kafka}.
 */
public final class ChildBrokerMain {

    private ChildBrokerMain() {
    }

    public static void main(String[] args) {
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(ChildBrokerMain::halt),
                ChildBrokerMain::halt);
        kafka.Kafka.main(java.util.Arrays.copyOfRange(args, 1, args.length));
    }

    private static void halt() {
        System.err.println("hookline testkit: the test JVM is gone, halting this broker");
        Runtime.getRuntime().halt(1);
    }
}
