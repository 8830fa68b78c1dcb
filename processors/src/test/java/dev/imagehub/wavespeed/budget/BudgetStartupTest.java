package dev.imagehub.wavespeed.budget;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubServices;
import dev.imagehub.HubSettings;
import dev.imagehub.config.ConfigException;
import dev.imagehub.testing.TestHub;
import dev.imagehub.wavespeed.AiFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The hub loads config/budgets.yaml at start-up: a mistake stops it, and its spend guard enforces the shipped limits. */
class BudgetStartupTest {
    @TempDir
    Path home;

    @Test
    void should_refuse_to_start_on_a_broken_budget_naming_file_line_and_key() throws Exception {
        // given
        TestHub.prepareHome(home);
        Files.writeString(home.resolve("config/budgets.yaml"), "overall:\n  day: 5.00\n  month: fifty\n");

        // when / then
        assertThatThrownBy(() -> HubServices.validate(HubSettings.load(home, TestHub.defaults())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config/budgets.yaml:3: key 'overall.month': 'fifty' is not an amount in USD");
    }

    @Test
    void should_guard_spending_with_the_shipped_daily_budget() throws Exception {
        // given
        TestHub.prepareHome(home);
        try (HubServices hub = HubServices.start(HubSettings.load(home, TestHub.defaults()), dev.imagehub.testing.TestCamel.context())) {
            hub.spendGuard().reserve("k1", "hotfolder-upscale", "wavespeed-ai/image-upscaler", new BigDecimal("4.99"));

            // when
            AiFailure refused = catchThrowableOfType(() -> hub.spendGuard().reserve("k2", "hotfolder-upscale",
                    "wavespeed-ai/image-upscaler", new BigDecimal("0.02")), AiFailure.class);

            // then
            assertThat(refused.getMessage()).contains("the overall daily budget (overall.day in config/budgets.yaml) is $5.00");
            assertThat(hub.budgets().status(null)).extracting(s -> s.spent().stripTrailingZeros().toPlainString())
                    .containsExactly("4.99", "4.99");
        }
    }
}
