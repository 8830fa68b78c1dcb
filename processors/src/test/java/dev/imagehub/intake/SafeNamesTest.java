package dev.imagehub.intake;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Output names that are safe in every shell and file system, without losing the user's own letters. */
class SafeNamesTest {

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "holiday photo          | holiday photo",
            "-rf                    | rf",
            "--help                 | help",
            ".hidden                | hidden",
            "..-.-x                 | x",
            "a/b\\c                 | a_b_c",
            "../../etc/passwd       | _.._etc_passwd",
            "C:photo                | C_photo",
            "Fotoğraf 日本語 ünïcödé | Fotoğraf 日本語 ünïcödé",
            "\"  padded  \"         | padded",
            "-                      | image",
            "...                    | image",
            "\"\"                   | image"})
    void should_make_names_safe(String input, String expected) {
        assertThat(SafeNames.safeStem(input)).isEqualTo(expected);
    }

    @Test
    void should_replace_control_and_invisible_format_characters() {
        // given
        String name = "a\nb\tc\u0000d\u007Fe\u202Egpj.exe\u200B";

        // when
        String safe = SafeNames.safeStem(name);

        // then
        assertThat(safe).isEqualTo("a_b_c_d_e_gpj.exe_");
        assertThat(safe.codePoints()).allMatch(cp -> cp >= 0x20 && cp != 0x7F && Character.getType(cp) != Character.FORMAT);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"- -rf", "-. -rf", ". .bashrc", ".  - x"})
    void should_not_start_with_whitespace_a_dash_or_a_dot_after_cleaning(String input) {
        // when
        String safe = SafeNames.safeStem(input);

        // then
        assertThat(safe).isNotEmpty();
        assertThat(safe.charAt(0)).as("first character of '%s'", safe).isNotIn(' ', '-', '.');
    }

    @Test
    void should_replace_characters_that_windows_forbids() {
        assertThat(SafeNames.safeStem("what?*<>|\"now\"")).isEqualTo("what______now_");
    }

    @Test
    void should_compose_accents_so_equal_names_look_equal() {
        // "e" + combining acute accent becomes the single character é
        assertThat(SafeNames.safeStem("cafe\u0301")).isEqualTo("caf\u00e9");
    }

    @Test
    void should_truncate_long_names_to_150_utf8_bytes_on_a_code_point_boundary() {
        // given names made of 1-, 3- and 4-byte characters
        String ascii = "a".repeat(400);
        String cjk = "日".repeat(200);
        String emoji = "x" + "😀".repeat(100);

        // when
        String a = SafeNames.safeStem(ascii);
        String c = SafeNames.safeStem(cjk);
        String e = SafeNames.safeStem(emoji);

        // then
        assertThat(utf8(a)).isEqualTo(150);
        assertThat(c).isEqualTo("日".repeat(50));
        assertThat(utf8(e)).isLessThanOrEqualTo(150).isGreaterThan(146);
        assertThat(e).isEqualTo("x" + "😀".repeat(37));
        for (String s : new String[] {a, c, e}) {
            assertThat(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).as("no broken code point").isEqualTo(s);
            assertThat(Character.isHighSurrogate(s.charAt(s.length() - 1))).isFalse();
        }
    }

    @Test
    void should_leave_room_for_a_counter_and_extension() {
        // given
        String stem = SafeNames.safeStem("é".repeat(300));

        // when
        String name = SafeNames.candidate(stem, "jpeg", 99_999);

        // then: below the common 255-byte file name limit
        assertThat(utf8(name)).isLessThanOrEqualTo(255);
    }

    @Test
    void should_number_candidates_from_the_second_one() {
        assertThat(SafeNames.candidate("x", "jpg", 1)).isEqualTo("x.jpg");
        assertThat(SafeNames.candidate("x", "jpg", 2)).isEqualTo("x-2.jpg");
        assertThat(SafeNames.candidate("x", "jpg", 10)).isEqualTo("x-10.jpg");
        assertThat(SafeNames.candidate("x", "", 1)).isEqualTo("x");
        assertThat(SafeNames.candidate("x", null, 3)).isEqualTo("x-3");
    }

    @Test
    void should_split_stem_and_extension_at_the_last_dot() {
        assertThat(SafeNames.stem("photo.final.jpg")).isEqualTo("photo.final");
        assertThat(SafeNames.extension("photo.final.jpg")).isEqualTo("jpg");
        assertThat(SafeNames.stem(".profile")).isEqualTo(".profile");
        assertThat(SafeNames.extension(".profile")).isEmpty();
        assertThat(SafeNames.extension("noext")).isEmpty();
        assertThat(SafeNames.extension("trailing.")).isEmpty();
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
