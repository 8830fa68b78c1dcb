package dev.imagehub.wavespeed.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PollScheduleTest {
    private final PollSchedule schedule = new PollSchedule(100, 5000, 25);

    @Test
    void should_wait_a_tenth_of_the_time_waited_within_bounds_before_anything_is_learned() {
        assertThat(schedule.pause("m", 0)).isEqualTo(100);
        assertThat(schedule.pause("m", 3_000)).isEqualTo(300);
        assertThat(schedule.pause("m", 600_000)).isEqualTo(5000);
        assertThat(schedule.expectedMillis("m")).isEqualTo(-1);
    }

    @Test
    void should_learn_the_midpoint_between_the_last_running_poll_and_the_completed_one() {
        schedule.finished("m", 1400, 1600);
        assertThat(schedule.expectedMillis("m")).isEqualTo(1500);
        schedule.finished("m", 2400, 2600);                       // a slower task moves the average a fifth of the way
        assertThat(schedule.expectedMillis("m")).isEqualTo(1700);
        assertThat(schedule.expectedMillis("other")).isEqualTo(-1);
    }

    @Test
    void should_wake_just_before_the_expected_end_then_poll_often_around_it() {
        schedule.finished("m", 1500, 1500);
        assertThat(schedule.pause("m", 0)).isEqualTo(100);                  // far from the end: the usual pause
        assertThat(schedule.pause("m", 1350)).isEqualTo(75);                // wakes at 95 % of 1500 ms, not 135 ms later
        assertThat(schedule.pause("m", 1420)).isEqualTo(25);                // never shorter than the near pause
        assertThat(schedule.pause("m", 1600)).isEqualTo(25);                // around the end: every 25 ms
        assertThat(schedule.pause("m", 3000)).isEqualTo(300);               // far past it: backs off as usual
        assertThat(schedule.pause("other", 1600)).isEqualTo(160);           // other models are not affected
    }
}
