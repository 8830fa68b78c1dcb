package dev.imagehub.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubSettings;
import dev.imagehub.config.ConfigException;
import dev.imagehub.testing.TestHub;

/** The hub.calendar.* settings are checked at start-up and a mistake names config/application.properties, line and key. */
class CalendarSettingsTest {
    @TempDir
    Path home;

    int lineOf(String text) throws Exception {
        List<String> lines = Files.readAllLines(home.resolve(HubSettings.FILE));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(text)) return i + 1;
        throw new AssertionError(text + " not in the settings file");
    }

    void set(String key, String value) throws Exception {
        Path file = home.resolve(HubSettings.FILE);
        Files.writeString(file, Files.readString(file).replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + " =.*$", key + " = " + value));
    }

    @Test
    void defaultsAndValues() throws Exception {
        TestHub.prepareHome(home);
        var defaults = ContentCalendar.Settings.of(HubSettings.load(home, TestHub.defaults()));
        assertThat(defaults.defaultZone()).isEqualTo(ZoneId.systemDefault());
        assertThat(defaults.catchUp()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.mailTo()).isEmpty();
        set("hub.calendar.zone", "Europe/Lisbon");
        set("hub.calendar.mailTo", "a@b.test, c@d.test");
        var s = ContentCalendar.Settings.of(HubSettings.load(home, TestHub.defaults()));
        assertThat(s.defaultZone()).isEqualTo(ZoneId.of("Europe/Lisbon"));
        assertThat(s.mailTo()).containsExactly("a@b.test", "c@d.test");
    }

    @Test
    void aBadZoneOrAddressNamesFileLineAndKey() throws Exception {
        TestHub.prepareHome(home);
        set("hub.calendar.zone", "Europe/Atlantis");
        assertThatThrownBy(() -> ContentCalendar.Settings.of(HubSettings.load(home, TestHub.defaults())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(HubSettings.FILE + ":" + lineOf("hub.calendar.zone") + ": key 'hub.calendar.zone'")
                .hasMessageContaining("'Europe/Atlantis' is not a time zone id");
        set("hub.calendar.zone", "");
        set("hub.calendar.mailTo", "social@hub.test; boss");
        assertThatThrownBy(() -> ContentCalendar.Settings.of(HubSettings.load(home, TestHub.defaults())))
                .hasMessageContaining("key 'hub.calendar.mailTo'").hasMessageContaining("is not a mail address");
        set("hub.calendar.mailTo", "");
        set("hub.calendar.catchUpHours", "-1");
        assertThatThrownBy(() -> ContentCalendar.Settings.of(HubSettings.load(home, TestHub.defaults())))
                .hasMessageContaining("key 'hub.calendar.catchUpHours'");
    }
}
