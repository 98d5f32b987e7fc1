package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void readsTheCpuThisProcessSpendsWorking() {
        ProcessCpu cpu = new ProcessCpu(Map.of("harness", ProcessHandle.current().pid()));
        Map<String, Long> before = cpu.nanos();
        long sum = 0;
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
            sum += Long.numberOfTrailingZeros(sum + 1); // busy: a third of a second of one core at most
        }

        Map<String, Double> spent = ProcessCpu.spent(before, cpu.nanos());

        assertTrue(spent.get("harness") > 0.05, "a busy third of a second shows: " + spent + " " + sum);
    }

    @Test
    void aProcessGoneBeforeTheEndLeavesTheRunUnmeasured() {
        Map<String, Long> before = Map.of("harness", 1_000L, "receiver", 2_000L);

        assertEquals(Map.of(), ProcessCpu.spent(before, Map.of("harness", 5_000L)));
        assertEquals(Map.of(), ProcessCpu.spent(before, Map.of("harness", 5_000L, "receiver", 1_000L)),
                "less CPU than before: another process under the same name");
        assertEquals(Map.of("harness", 4e-6, "receiver", 1e-6),
                ProcessCpu.spent(before, Map.of("harness", 5_000L, "receiver", 3_000L)));
    }

    @Test
    void aProcessThatDoesNotExistIsLeftOut() {
        long none = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 1_000_000;

        assertEquals(Map.of(), new ProcessCpu(Map.of("gone", none)).nanos());
    }
}
