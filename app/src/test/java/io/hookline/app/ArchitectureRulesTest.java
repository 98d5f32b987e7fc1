package io.hookline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.hookline.app.boundarycheck.ReachesIntoDispatcherInternals;
import io.hookline.app.boundarycheck.SleepsInALoop;
import io.hookline.common.boundarycheck.MapsJsonOutsideWire;
import io.hookline.common.boundarycheck.UsesTinkOutsideSecrets;
import io.hookline.common.wire.Event;
import io.hookline.dispatcher.DeliveryOutcome;
import io.hookline.dispatcher.boundarycheck.SendsHttpOutsideHttpPackage;
import io.hookline.router.boundarycheck.OpensSecrets;
import io.hookline.router.boundarycheck.ReachesIntoAnotherStage;
import io.hookline.router.boundarycheck.UsesOwnInternalsAndCommon;
import io.hookline.router.internal.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ArchitectureTest}, the same rule object, fails on a class that breaks it
 * (the {@code boundarycheck} packages of this module's tests) and names that class.
 */
class ArchitectureRulesTest {

    @Test
    void aStageUsingAnotherStageBreaksTheStageRule() {
        List<String> violations = violations(ArchitectureTest.STAGES_DO_NOT_DEPEND_ON_EACH_OTHER,
                ReachesIntoAnotherStage.class, DeliveryOutcome.class, DeliveryOutcome.Delivered.class);

        assertTrue(violations.stream().allMatch(v -> v.contains(ReachesIntoAnotherStage.class.getName())),
                violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("router depends on dispatcher")),
                violations.toString());
    }

    @Test
    void aStageUsingItsOwnInternalsAndCommonKeepsEveryRule() {
        JavaClasses classes = importClasses(UsesOwnInternalsAndCommon.class, Route.class, Event.class);

        for (ArchRule rule : List.of(ArchitectureTest.STAGES_DO_NOT_DEPEND_ON_EACH_OTHER,
                ArchitectureTest.INTERNALS_STAY_IN_THEIR_MODULE, ArchitectureTest.JACKSON_ONLY_IN_WIRE,
                ArchitectureTest.HTTP_CLIENT_ONLY_IN_DISPATCHER_HTTP,
                ArchitectureTest.NO_SLEEP_OUTSIDE_NAMED_BACK_OFFS, ArchitectureTest.TINK_ONLY_IN_SECRETS,
                ArchitectureTest.ROUTER_NEVER_OPENS_SECRETS)) {
            EvaluationResult result = rule.evaluate(classes);
            assertFalse(result.hasViolation(), result.getFailureReport().toString());
        }
    }

    @Test
    void theAppUsingADispatcherInternalBreaksTheInternalsRule() {
        assertEveryViolationIs(ArchitectureTest.INTERNALS_STAY_IN_THEIR_MODULE, ReachesIntoDispatcherInternals.class,
                "io.hookline.dispatcher.internal.ResponseClassifier");
    }

    @Test
    void jacksonOutsideTheWirePackageBreaksTheJacksonRule() {
        assertEveryViolationIs(ArchitectureTest.JACKSON_ONLY_IN_WIRE, MapsJsonOutsideWire.class,
                "com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void httpClientOutsideTheHttpPackageBreaksTheHttpClientRule() {
        assertEveryViolationIs(ArchitectureTest.HTTP_CLIENT_ONLY_IN_DISPATCHER_HTTP, SendsHttpOutsideHttpPackage.class,
                "org.apache.hc.client5");
    }

    @Test
    void tinkOutsideTheSecretsPackageBreaksTheTinkRule() {
        assertEveryViolationIs(ArchitectureTest.TINK_ONLY_IN_SECRETS, UsesTinkOutsideSecrets.class,
                "com.google.crypto.tink.KeysetHandle");
    }

    @Test
    void aRouterClassOpeningSecretsBreaksTheRouterRule() {
        assertEveryViolationIs(ArchitectureTest.ROUTER_NEVER_OPENS_SECRETS, OpensSecrets.class,
                "io.hookline.common");
    }

    @Test
    void bothWaysOfSleepingOutsideANamedBackOffBreakTheSleepRule() {
        List<String> violations = violations(ArchitectureTest.NO_SLEEP_OUTSIDE_NAMED_BACK_OFFS,
                SleepsInALoop.class);

        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("SleepsInALoop.threadSleep()")
                && v.contains("Thread.sleep(long)")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("SleepsInALoop.timeUnitSleep()")
                && v.contains("TimeUnit.sleep(long)")), violations.toString());
    }

    /** {@code rule} fails on {@code offender}, and each violation is {@code offender} using {@code used}. */
    private static void assertEveryViolationIs(ArchRule rule, Class<?> offender, String used) {
        List<String> violations = violations(rule, offender);

        assertFalse(violations.isEmpty());
        assertTrue(violations.stream().allMatch(v -> v.contains(offender.getName()) && v.contains(used)),
                violations.toString());
    }

    private static List<String> violations(ArchRule rule, Class<?>... classes) {
        EvaluationResult result = rule.evaluate(importClasses(classes));
        assertTrue(result.hasViolation(), "the rule found no violation in " + List.of(classes));
        return result.getFailureReport().getDetails();
    }

    private static JavaClasses importClasses(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }
}
