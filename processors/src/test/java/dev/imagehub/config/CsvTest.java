package dev.imagehub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Whole CSV files: separators, quotes holding separators and line breaks, BOM, CRLF, blank lines and line numbers. */
class CsvTest {
    @Test
    void records_keep_their_first_line_and_quoted_cells_may_span_lines() {
        List<Csv.Record> r = Csv.records("\uFEFFquote,author\r\n\"Hello, \"\"you\"\"\r\nand you\",Ann\r\n\r\nsecond,\n  \n\"last\",Bob");
        assertThat(r).extracting(Csv.Record::line).containsExactly(1, 2, 5, 7);
        assertThat(r.get(0).cells()).containsExactly("quote", "author");
        assertThat(r.get(1).cells()).containsExactly("Hello, \"you\"\nand you", "Ann");
        assertThat(r.get(2).cells()).containsExactly("second", "");
        assertThat(r.get(3).cells()).containsExactly("last", "Bob");
    }

    @Test
    void the_separator_is_the_one_the_first_line_uses_most_outside_quotes() {
        assertThat(Csv.records("quote;author\n\"Hi, there\";Ann\n").get(1).cells()).containsExactly("Hi, there", "Ann");
        assertThat(Csv.records("\"a;b;c\",author\nx;y,Ann\n").get(1).cells()).containsExactly("x;y", "Ann");
    }

    @Test
    void an_unclosed_quote_names_the_line_it_opened_on() {
        assertThatThrownBy(() -> Csv.records("quote\nfine\n\"never closed\nstill open\n"))
                .hasMessage("line 3: a quoted cell is never closed (a \" is missing)");
    }
}
