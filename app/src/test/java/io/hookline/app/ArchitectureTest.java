package io.hookline.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.hookline.common.secrets.SecretOpener;
import io.hookline.common.wire.Subscription;
import io.hookline.common.wire.SubscriptionRecord;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The boundaries between Hookline's modules, which used to hold by discipline alone, checked
 * on the main classes of every module: this module's tests are the one place that sees them
 * all, bench's harness included (app depends on it for {@code hookline bench}). Test classes are left out, so
 * tests may reach into internals. {@link ArchitectureRulesTest} shows each rule failing on a
 * class that breaks it: a rule that cannot fail would only look like a boundary.
 *
 * <p>Classes are imported by package, not by classpath location: under {@code mvn verify}
 * the other modules are jars on this classpath, and leaving jars out would leave them out.
 */
@AnalyzeClasses(packages = "io.hookline",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoGeneratedBenchmarks.class})
public class ArchitectureTest {

    /** JMH's generated benchmark classes in bench's jar: code a tool wrote, not ours to hold to these rules. */
    static final class NoGeneratedBenchmarks implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("/jmh_generated/");
        }
    }

    /**
     * The benchmark's limit baseline: async httpclient5 POSTs with nothing of Hookline around them,
     * which is the point of it. The one package outside the dispatcher allowed to use httpclient5.
     */
    static final String LIMIT_BASELINE = "io.hookline.bench.internal.limit..";

    /** Measures httpcore5's connection pools themselves, the dispatcher's and the limit's (nested classes too). */
    static final String POOL_BENCHMARK = "io\\.hookline\\.bench\\.ConnectionPoolBenchmark(\\$.*)?";

    /**
     * Reads events with the wire's reader and, side by side, with a plain Jackson reader: the
     * way the wire read event data before (token by token), kept as the benchmark's baseline.
     */
    static final String EVENT_DATA_BENCHMARK = "io\\.hookline\\.bench\\.EventDataBenchmark(\\$.*)?";

    /** The stages, one slice each, named by their package. */
    static final String STAGES = "io.hookline.(ingest|router|dispatcher|deadletter)..";

    @ArchTest
    static final ArchRule STAGES_DO_NOT_DEPEND_ON_EACH_OTHER = slices().matching(STAGES).namingSlices("$1")
            .should().notDependOnEachOther()
            .because("each stage runs, scales and fails on its own, so stages meet only through Kafka topics and "
                    + "common's wire types; the app module is what wires them together");

    @ArchTest
    static final ArchRule INTERNALS_STAY_IN_THEIR_MODULE = classes().should(useNoInternalsOfAnotherModule())
            .because("an internal package is what a module may change without asking anyone: its public "
                    + "root package is the only contract other modules get");

    @ArchTest
    static final ArchRule JACKSON_ONLY_IN_WIRE = noClasses()
            .that().resideOutsideOfPackage("io.hookline.common.wire..")
            .and().haveNameNotMatching(EVENT_DATA_BENCHMARK)
            .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
            .because("the wire package owns how records look as JSON (field names, raw event data, error "
                    + "messages that never echo input or secrets); a second mapper elsewhere would drift from it");

    @ArchTest
    static final ArchRule HTTP_CLIENT_ONLY_IN_DISPATCHER_HTTP = noClasses()
            .that().resideOutsideOfPackages("io.hookline.dispatcher.http..", LIMIT_BASELINE)
            .and().haveNameNotMatching(POOL_BENCHMARK)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.hc.client5..", "org.apache.hc.core5..")
            .because("httpclient5 is a detail of sending one request: the rest of the dispatcher speaks "
                    + "WebhookRequest and HttpResult, so timeouts, redirects and body limits live in one package");

    @ArchTest
    static final ArchRule TINK_ONLY_IN_SECRETS = noClasses()
            .that().resideOutsideOfPackage("io.hookline.common.secrets..")
            .should().dependOnClassesThat().resideInAPackage("com.google.crypto.tink..")
            .because("sealing secrets is one small interface (SecretSealer, SecretOpener) over one key format; "
                    + "Tink's keysets, templates and key access stay behind it, where one reviewer can see them all");

    @ArchTest
    static final ArchRule ROUTER_NEVER_OPENS_SECRETS = noClasses()
            .that().resideInAPackage("io.hookline.router..")
            .should().dependOnClassesThat().resideInAPackage("io.hookline.common.secrets..")
            .orShould().callMethod(Subscription.class, "open",
                    SecretOpener.class)
            .orShould().callMethod(SubscriptionRecord.class, "open",
                    SecretOpener.class)
            .because("the router routes by tenant and event type and needs no secret: it reads sealed "
                    + "subscriptions as they are, and only dispatchers hold the private keys");

    /**
     * The only main-code methods that may sleep, each with why waiting a fixed time is right
     * there. Keys are {@code class.method}; a sleep in a lambda or a new method needs its own
     * entry, so every new sleep is a decision someone wrote down. {@link #everyBackOffStillSleeps}
     * keeps this list from outliving the code it excuses.
     */
    static final Map<String, String> BACK_OFFS = Map.of(
            "io.hookline.app.internal.TopicCreator.describe",
            "a just-created topic's metadata reaches the broker asynchronously and the Admin API has no way to "
                    + "wait for it: describe is retried after a short back-off until METADATA_WAIT",
            "io.hookline.app.internal.Standalone.awaitReady",
            "the stages offer no notification when they are running, so the standalone runner polls ready() "
                    + "every 50 ms while it prints progress; it runs once, at start-up, off every hot path",
            "io.hookline.bench.internal.Await.pause",
            "bench: the stages and the benchmark receiver give no notice when they are ready or a run's ledger "
                    + "is full, so the harness looks again every 50-250 ms; off every measured path (its load "
                    + "generator paces with LockSupport.parkNanos, a schedule rather than a back-off)",
            "io.hookline.router.RouterSync.sleep",
            "subscriptions put --wait: Kafka offers no way to block until a consumer group's committed offset "
                    + "passes a point, so the command asks the group coordinator again every 50 ms; a CLI "
                    + "command, off every hot path",
            "io.hookline.testkit.TestTopics.pause",
            "test support: a consumer's partitionsFor/endOffsets answer 'unknown topic' at once while metadata "
                    + "spreads, and there is nothing to block on instead");

    @ArchTest
    static final ArchRule NO_SLEEP_OUTSIDE_NAMED_BACK_OFFS = noClasses()
            .should().callMethodWhere(sleep().and(DescribedPredicate.not(inANamedBackOff())))
            .because("a sleeping thread holds its work hostage: poll loops wait in poll() and pause partitions, "
                    + "and retries are scheduled; a back-off that must sleep is listed in ArchitectureTest.BACK_OFFS "
                    + "with its reason");

    /** Guards every rule above against passing because nothing was imported. */
    @ArchTest
    static void importsTheMainClassesOfEveryModule(JavaClasses classes) {
        Set<String> modules = new TreeSet<>();
        classes.stream().map(JavaClass::getPackageName)
                .map(name -> name.split("\\."))
                .filter(parts -> parts.length > 2)
                .forEach(parts -> modules.add(parts[2]));
        assertEquals(Set.of("app", "bench", "common", "deadletter", "dispatcher", "ingest", "router", "testkit"),
                modules);
        assertTrue(classes.contain("io.hookline.dispatcher.Dispatcher"), "dispatcher imported");
        assertTrue(classes.stream().noneMatch(c -> c.getName().endsWith("Test") || c.getName().endsWith("IT")),
                "no test classes");
    }

    /** An entry of {@link #BACK_OFFS} whose method is gone or no longer sleeps must go too. */
    @ArchTest
    static void everyBackOffStillSleeps(JavaClasses classes) {
        Set<String> sleeping = new TreeSet<>();
        classes.forEach(c -> c.getMethodCallsFromSelf().stream()
                .filter(sleep())
                .forEach(call -> sleeping.add(qualifiedOrigin(call))));
        assertEquals(new TreeSet<>(BACK_OFFS.keySet()), sleeping,
                "ArchitectureTest.BACK_OFFS lists exactly the methods of main code that sleep");
    }

    static DescribedPredicate<JavaMethodCall> sleep() {
        return DescribedPredicate.describe("a sleep (Thread.sleep or TimeUnit.sleep)", call ->
                call.getName().equals("sleep")
                        && (call.getTargetOwner().isEquivalentTo(Thread.class)
                        || call.getTargetOwner().isEquivalentTo(java.util.concurrent.TimeUnit.class)));
    }

    private static DescribedPredicate<JavaMethodCall> inANamedBackOff() {
        return DescribedPredicate.describe("in a named back-off", call -> BACK_OFFS.containsKey(qualifiedOrigin(call)));
    }

    private static String qualifiedOrigin(JavaMethodCall call) {
        return call.getOriginOwner().getName() + "." + call.getOrigin().getName();
    }

    /** {@code io.hookline.X.internal..} is used from {@code io.hookline.X..} only. */
    static ArchCondition<JavaClass> useNoInternalsOfAnotherModule() {
        PackageMatcher internal = PackageMatcher.of("io.hookline.(*).internal..");
        return new ArchCondition<>("use only the internal packages of their own module") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    Optional<String> owner = internal.match(dependency.getTargetClass().getPackageName())
                            .map(match -> "io.hookline." + match.getGroup(1));
                    if (owner.isPresent() && !inPackage(origin.getPackageName(), owner.get())) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean inPackage(String name, String root) {
        return name.equals(root) || name.startsWith(root + ".");
    }
}
