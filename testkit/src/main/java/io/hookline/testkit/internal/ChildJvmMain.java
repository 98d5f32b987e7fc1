package io.hookline.testkit.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Main class of every {@code ChildJvm}: runs the main class it is given, plus a guard that
 * halts this JVM when the test JVM that started it is gone, so a killed or crashed test run
 * never leaves a child behind holding its ports or its consumer group.
 *
 * <p>Arguments: the parent's pid, the main class to run, then that class's arguments.
 */
public final class ChildJvmMain {

    private ChildJvmMain() {
    }

    public static void main(String[] args) throws Throwable {
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(ChildJvmMain::halt),
                ChildJvmMain::halt);
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        // a public main of a class nested in a package-private one, as tests write them
        main.setAccessible(true);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            // what the main class threw, not the reflection around it
            throw e.getCause();
        }
    }

    private static void halt() {
        System.err.println("hookline testkit: the test JVM is gone, halting this child JVM");
        Runtime.getRuntime().halt(1);
    }
}
