package dev.imagehub.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Binding YAML options onto a step's options record: conversion, defaults, bounds and located errors. */
class OptionBinderTest {

    enum Corner { TOP_LEFT, BOTTOM_RIGHT }

    record Sample(
            @Option(value = "a count", min = 1, max = 10) Integer count,
            @Option(value = "a share", min = 0.1, max = 1000) Double percent,
            @Option(value = "a flag", defaultValue = "false") boolean flag,
            @Option(value = "a corner", defaultValue = "topLeft") Corner corner,
            @Option(value = "a size", defaultValue = "1.5MB") ByteSize size,
            @Option("free text") String label) {
        Sample {
            if (label != null && label.isBlank()) throw new IllegalArgumentException("label must not be blank");
        }
    }

    private static ConfigNode options(String yaml) {
        return YamlConfig.parse("step: " + yaml + "\n", "test.yaml").get("step");
    }

    @Test
    void should_use_defaults_for_options_not_given() {
        // when
        Sample s = OptionBinder.bind(Sample.class, options("{}"), "sample");

        // then
        assertThat(s).isEqualTo(new Sample(null, null, false, Corner.TOP_LEFT, new ByteSize(1_500_000), null));
    }

    @Test
    void should_convert_every_supported_type() {
        // when
        Sample s = OptionBinder.bind(Sample.class,
                options("{ count: 3, percent: 12.5%, flag: yes, corner: bottom-right, size: 200KiB, label: hi }"), "sample");

        // then
        assertThat(s).isEqualTo(new Sample(3, 12.5, true, Corner.BOTTOM_RIGHT, new ByteSize(204_800), "hi"));
    }

    @Test
    void should_accept_enum_names_in_any_common_spelling() {
        for (String spelling : List.of("bottomRight", "BOTTOM_RIGHT", "bottom-right", "BottomRight")) {
            // when
            Sample s = OptionBinder.bind(Sample.class, options("{ corner: " + spelling + " }"), "sample");

            // then
            assertThat(s.corner()).as(spelling).isEqualTo(Corner.BOTTOM_RIGHT);
        }
    }

    @Test
    void should_name_file_line_key_and_known_options_for_an_unknown_option() {
        // when
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> OptionBinder.bind(Sample.class, options("{ count: 1, colour: red }"), "sample"));

        // then
        assertThat(e.file()).isEqualTo("test.yaml");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.key()).isEqualTo("step.colour");
        assertThat(e.getMessage()).contains("unknown option 'colour' for step 'sample'",
                "known options: count, percent, flag, corner, size, label");
    }

    @Test
    void should_reject_values_outside_the_bounds() {
        // when
        ConfigException low = catchThrowableOfType(ConfigException.class,
                () -> OptionBinder.bind(Sample.class, options("{ percent: 0.05 }"), "sample"));
        ConfigException high = catchThrowableOfType(ConfigException.class,
                () -> OptionBinder.bind(Sample.class, options("{ count: 11 }"), "sample"));

        // then
        assertThat(low.key()).isEqualTo("step.percent");
        assertThat(low.getMessage()).contains("must be between 0.1 and 1000, was 0.05");
        assertThat(high.key()).isEqualTo("step.count");
        assertThat(high.getMessage()).contains("must be between 1 and 10, was 11");
    }

    @Test
    void should_explain_values_of_the_wrong_kind() {
        // when
        ConfigException count = catchThrowableOfType(ConfigException.class,
                () -> OptionBinder.bind(Sample.class, options("{ count: 2.5 }"), "sample"));
        ConfigException size = catchThrowableOfType(ConfigException.class,
                () -> OptionBinder.bind(Sample.class, options("{ size: lots }"), "sample"));
        ConfigException corner = catchThrowableOfType(ConfigException.class,
                () -> OptionBinder.bind(Sample.class, options("{ corner: middle }"), "sample"));
        ConfigException nested = catchThrowableOfType(ConfigException.class,
                () -> OptionBinder.bind(Sample.class, options("{ count: { a: 1 } }"), "sample"));

        // then
        assertThat(count.getMessage()).contains("option 'count' of step 'sample'", "'2.5' is not a whole number");
        assertThat(size.getMessage()).contains("'lots' is not a size");
        assertThat(corner.getMessage()).contains("'middle' is not one of topLeft, bottomRight");
        assertThat(nested.key()).isEqualTo("step.count");
        assertThat(nested.getMessage()).contains("expected a single value");
    }

    @Test
    void should_turn_a_rejection_by_the_record_into_a_located_error() {
        // when
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> OptionBinder.bind(Sample.class, options("{ label: ' ' }"), "sample"));

        // then
        assertThat(e.key()).isEqualTo("step");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.getMessage()).contains("step 'sample': label must not be blank");
    }

    @Test
    void should_describe_options_for_help_output() {
        // when
        List<String> lines = OptionBinder.describe(Sample.class);

        // then
        assertThat(lines).contains("corner (topLeft, bottomRight, default topLeft): a corner", "label (String): free text");
    }
}
