package dev.imagehub.wavespeed.budget;

import java.nio.file.Path;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import dev.imagehub.config.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** config/budgets.yaml: the shipped file loads, every mistake is reported with file, line and key. */
class BudgetConfigTest {
    private static final String FILE = "config/budgets.yaml";

    @Test
    void should_load_the_shipped_file_with_overall_day_and_month_limits() {
        // when
        BudgetConfig config = BudgetConfig.load(Path.of(System.getProperty("test.hub.source", "..")).resolve("config"));

        // then
        assertThat(config.budgets()).extracting(Budget::key, b -> b.limit().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("overall.day", "5.00"),
                        org.assertj.core.groups.Tuple.tuple("overall.month", "50.00"));
        assertThat(config.zone()).isEqualTo(ZoneId.systemDefault());
    }

    @Test
    void should_mean_no_limits_when_the_file_is_missing(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThat(BudgetConfig.load(dir).budgets()).isEmpty();
    }

    @Test
    void should_read_zone_overall_and_routes() {
        // when
        BudgetConfig config = BudgetConfig.parse("""
                timeZone: America/New_York
                overall: {day: $5, month: 50}
                routes:
                  upscale: {day: 1.00}
                  hotfolder-translate: {month: 0}
                """, FILE);

        // then
        assertThat(config.zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(config.budgets()).extracting(Budget::route, Budget::period, Budget::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple(null, Budget.Period.DAY, "overall.day"),
                org.assertj.core.groups.Tuple.tuple(null, Budget.Period.MONTH, "overall.month"),
                org.assertj.core.groups.Tuple.tuple("upscale", Budget.Period.DAY, "routes.upscale.day"),
                org.assertj.core.groups.Tuple.tuple("hotfolder-translate", Budget.Period.MONTH, "routes.hotfolder-translate.month"));
    }

    @Test
    void should_match_a_route_by_id_or_folder_name() {
        assertThat(Budget.matchesRoute("upscale", "hotfolder-upscale")).isTrue();
        assertThat(Budget.matchesRoute("hotfolder-upscale", "hotfolder-upscale")).isTrue();
        assertThat(Budget.matchesRoute("my-photos", "hotfolder-my-photos")).isTrue();
        assertThat(Budget.matchesRoute("photos", "hotfolder-my-photos")).isFalse();
        assertThat(Budget.matchesRoute("upscale", "hotfolder-upscale2")).isFalse();
    }

    @Test
    void should_name_file_line_and_key_of_a_bad_amount() {
        ConfigException e = error("overall:\n  day: 5.00\n  month: lots\n");
        assertThat(e.getMessage()).isEqualTo("config/budgets.yaml:3: key 'overall.month': 'lots' is not an amount in USD such as 5.00"
                + " (0 allows no AI spending)");
    }

    @Test
    void should_refuse_a_negative_amount() {
        assertThat(error("routes:\n  upscale: {day: -1}\n").getMessage()).startsWith("config/budgets.yaml:2: key 'routes.upscale.day':");
    }

    @Test
    void should_refuse_an_unknown_period_naming_the_known_ones() {
        ConfigException e = error("overall:\n  week: 5\n");
        assertThat(e.getMessage()).isEqualTo("config/budgets.yaml:2: key 'overall.week': unknown key 'week' (known: day, month)");
    }

    @Test
    void should_refuse_an_unknown_top_level_key() {
        ConfigException e = error("overal: {day: 5}\n");
        assertThat(e.getMessage()).isEqualTo("config/budgets.yaml:1: key 'overal': unknown key 'overal'; did you mean 'overall'? "
                + "(known: timeZone, overall, routes)");
    }

    @Test
    void should_refuse_an_unknown_time_zone() {
        ConfigException e = error("timeZone: Mars/Olympus\n");
        assertThat(e.getMessage()).startsWith("config/budgets.yaml:1: key 'timeZone': 'Mars/Olympus' is not a time zone");
    }

    @Test
    void should_refuse_a_route_written_as_a_single_value() {
        ConfigException e = error("routes:\n  upscale: 5\n");
        assertThat(e.getMessage()).startsWith("config/budgets.yaml:2: key 'routes.upscale': expected a mapping of day, month");
    }

    @Test
    void should_report_every_mistake_of_the_file_at_once() {
        ConfigException e = error("timeZone: Mars/Olympus\noverall: {day: lots, mnth: 5}\nroutes:\n  upscale: {day: -1}\n");
        assertThat(e.problems()).extracting(ConfigException::getMessage).containsExactlyInAnyOrder(
                "config/budgets.yaml:1: key 'timeZone': 'Mars/Olympus' is not a time zone; write a region such as Europe/Berlin or America/New_York, or UTC",
                "config/budgets.yaml:2: key 'overall.mnth': unknown key 'mnth'; did you mean 'month'? (known: day, month)",
                "config/budgets.yaml:2: key 'overall.day': 'lots' is not an amount in USD such as 5.00 (0 allows no AI spending)",
                "config/budgets.yaml:4: key 'routes.upscale.day': '-1' is not an amount in USD such as 5.00 (0 allows no AI spending)");
    }

    private static ConfigException error(String yaml) {
        return catchThrowableOfType(() -> BudgetConfig.parse(yaml, FILE), ConfigException.class);
    }
}
