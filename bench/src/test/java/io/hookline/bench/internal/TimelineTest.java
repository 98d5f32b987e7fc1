package io.hookline.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void steadyRateLeavesOutTheStartUpAndTheStragglers() {
        int[] counts = new int[300];
        Arrays.fill(counts, 100, 200, 10); // 1,000/s for a second
        counts[299] = 1; // a straggler two seconds later

        assertEquals(1000, Timeline.steadyRate(counts), 60);
    }

    @Test
    void tooFewArrivalsGiveNoRate() {
        assertEquals(0, Timeline.steadyRate(new int[] {5, 5}));
    }

    @Test
    void countsArrivalsInTenMillisecondBuckets() {
        Timeline timeline = new Timeline(1_000);
        timeline.record(1_000);
        timeline.record(1_009);
        timeline.record(1_030);

        assertEquals("[2, 0, 0, 1]", Arrays.toString(timeline.counts()));
    }
}
