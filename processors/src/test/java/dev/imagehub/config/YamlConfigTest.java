package dev.imagehub.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** YAML files become nodes that remember file, line and dotted key path, so every later error can point at them. */
class YamlConfigTest {

    @Test
    void should_remember_file_line_and_path_of_every_node() {
        // given
        String text = """
                web:
                  description: hello
                  steps:
                    - autoOrient
                    - resize: { width: 800 }
                """;

        // when
        ConfigNode root = YamlConfig.parse(text, "config/chains.yaml");

        // then
        ConfigNode description = root.get("web").get("description");
        assertThat(description.text()).isEqualTo("hello");
        assertThat(description.file()).isEqualTo("config/chains.yaml");
        assertThat(description.line()).isEqualTo(2);
        assertThat(description.path()).isEqualTo("web.description");
        ConfigNode steps = root.get("web").get("steps");
        assertThat(steps.items()).hasSize(2);
        assertThat(steps.items().get(0).path()).isEqualTo("web.steps[0]");
        assertThat(steps.items().get(0).line()).isEqualTo(4);
        ConfigNode width = steps.items().get(1).get("resize").get("width");
        assertThat(width.text()).isEqualTo("800");
        assertThat(width.line()).isEqualTo(5);
        assertThat(width.path()).isEqualTo("web.steps[1].resize.width");
    }

    @Test
    void should_reject_a_key_set_twice_at_the_second_occurrence() {
        // given
        String text = """
                a: 1
                b: 2
                a: 3
                """;

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> YamlConfig.parse(text, "x.yaml"));

        // then
        assertThat(e.file()).isEqualTo("x.yaml");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("a");
        assertThat(e.getMessage()).isEqualTo("x.yaml:3: key 'a': is set twice");
    }

    @Test
    void should_report_the_line_of_a_syntax_error() {
        // given
        String text = """
                a: 1
                b: [1, 2
                c: 3
                d: "unterminated
                """;

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> YamlConfig.parse(text, "x.yaml"));

        // then
        assertThat(e.file()).isEqualTo("x.yaml");
        assertThat(e.line()).isBetween(2, 4);
        assertThat(e.getMessage()).contains("invalid YAML");
    }

    @Test
    void should_report_a_tab_indentation_at_its_line() {
        // given
        String text = "a:\n  b: 1\n\tc: 2\n";

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> YamlConfig.parse(text, "x.yaml"));

        // then
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith("x.yaml:3: invalid YAML");
    }

    @Test
    void should_read_an_empty_file_as_an_empty_mapping() {
        // when
        ConfigNode root = YamlConfig.parse("# only a comment\n", "x.yaml");

        // then
        assertThat(root.isMap()).isTrue();
        assertThat(root.entries()).isEmpty();
    }

    @Test
    void should_explain_when_a_mapping_was_expected_but_a_value_was_found() {
        // given
        ConfigNode root = YamlConfig.parse("a: 1\nb: two\n", "x.yaml");

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> root.get("b").entries());

        // then
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("b");
        assertThat(e.getMessage()).contains("expected a mapping", "the value 'two'");
    }

    @Test
    void should_name_an_unreadable_file(@TempDir Path dir) throws IOException {
        // given
        Path folder = Files.createDirectories(dir.resolve("chains.yaml"));

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> YamlConfig.read(folder, "config/chains.yaml"));

        // then
        assertThat(e.file()).isEqualTo("config/chains.yaml");
        assertThat(e.getMessage()).contains("cannot read the file");
    }
}
