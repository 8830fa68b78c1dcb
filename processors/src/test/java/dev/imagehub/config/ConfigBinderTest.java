package dev.imagehub.config;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The one binder of YAML configuration files: typed records, defaults, bounds, and every mistake at once. */
class ConfigBinderTest {
    enum Security { NONE, STARTTLS, TLS }

    record Server(@Option("host name") String host,
                  @Option(value = "port", defaultValue = "587", min = 1, max = 65535) int port,
                  @Option(value = "none, starttls or tls", defaultValue = "starttls") Security security) {
        Server {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("a server needs a host");
        }
    }

    record Settings(@Option("on or off") boolean enabled,
                    @Option("where") ZoneId timeZone,
                    @Option("who") List<String> recipients,
                    @Option("limits by name") Map<String, BigDecimal> limits,
                    @Option("servers by name") Map<String, Server> servers,
                    @Option("size") ByteSize maxSize) {
    }

    record Axes(@Option("an axis") java.util.Optional<List<String>> headlines, @Option("whole") Integer sample) {
    }

    private static final ConfigBinder BINDER = ConfigBinder.standard();

    @Test
    void an_optional_tells_an_absent_key_from_one_given_empty() {
        assertThat(BINDER.bind(Axes.class, YamlConfig.parse("sample: 2\n", "t.yaml")).headlines()).isEmpty();
        assertThat(BINDER.bind(Axes.class, YamlConfig.parse("headlines: []\n", "t.yaml")).headlines()).contains(List.of());
        assertThat(BINDER.bind(Axes.class, YamlConfig.parse("headlines: [a]\n", "t.yaml")).headlines()).contains(List.of("a"));
    }

    @Test
    void plain_values_such_as_a_sidecar_bind_like_a_file_without_lines() {
        // Jackson reads a sidecar's 120 as 120.0 when it is a double: a whole number still binds as one
        Axes a = BINDER.bind(Axes.class, ConfigNode.of(Map.of("sample", 120.0, "headlines", List.of("x", "y")), "p.jpg.json"));
        assertThat(a.sample()).isEqualTo(120);
        assertThat(a.headlines()).contains(List.of("x", "y"));
        ConfigException e = catchThrowableOfType(() -> BINDER.bind(Axes.class, ConfigNode.of(Map.of("sample", 2.5), "p.jpg.json")), ConfigException.class);
        assertThat(e).hasMessage("p.jpg.json: key 'sample': '2.5' is not a whole number");
        assertThat(e.reason()).isEqualTo("'2.5' is not a whole number");
    }

    @Test
    void binds_nested_records_lists_maps_and_defaults() {
        Settings s = BINDER.bind(Settings.class, YamlConfig.parse("""
                enabled: yes
                timeZone: Europe/Berlin
                recipients: a@example.com, b@example.com
                limits: {upscale: 1.50}
                servers:
                  main: {host: smtp.example.com}
                  backup: {host: mx.example.com, port: 465, security: tls}
                maxSize: 20MB
                """, "config/test.yaml"));
        assertThat(s.enabled()).isTrue();
        assertThat(s.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(s.recipients()).containsExactly("a@example.com", "b@example.com");
        assertThat(s.limits()).containsEntry("upscale", new BigDecimal("1.50"));
        assertThat(s.servers().get("main")).isEqualTo(new Server("smtp.example.com", 587, Security.STARTTLS));
        assertThat(s.servers().get("backup")).isEqualTo(new Server("mx.example.com", 465, Security.TLS));
        assertThat(s.servers().keySet()).containsExactly("main", "backup");
        assertThat(s.maxSize().bytes()).isEqualTo(20_000_000L);
    }

    @Test
    void an_empty_file_or_a_commented_out_key_means_the_defaults() {
        Settings s = BINDER.bind(Settings.class, YamlConfig.parse("servers:\n  # main: {host: x}\n", "config/test.yaml"));
        assertThat(s.enabled()).isFalse();
        assertThat(s.servers()).isEmpty();
        assertThat(s.recipients()).isEmpty();
        assertThat(s.timeZone()).isNull();
    }

    @Test
    void every_mistake_is_reported_at_once_with_file_line_key_and_a_suggestion() {
        ConfigException e = catchThrowableOfType(() -> BINDER.bind(Settings.class, YamlConfig.parse("""
                enabeld: true
                timeZone: Mars/Olympus
                limits: {upscale: lots}
                servers:
                  main: {host: smtp.example.com, port: 70000, securty: tls}
                  backup: {port: 25}
                  third: {host: x, security: ssl}
                maxSize: huge
                """, "config/test.yaml")), ConfigException.class);
        assertThat(e.problems()).extracting(ConfigException::getMessage).containsExactlyInAnyOrder(
                "config/test.yaml:1: key 'enabeld': unknown key 'enabeld'; did you mean 'enabled'? (known: enabled, timeZone, recipients, limits, servers, maxSize)",
                "config/test.yaml:2: key 'timeZone': 'Mars/Olympus' is not a time zone; write a region such as Europe/Berlin or America/New_York, or UTC",
                "config/test.yaml:3: key 'limits.upscale': 'lots' is not a number",
                "config/test.yaml:5: key 'servers.main.securty': unknown key 'securty'; did you mean 'security'? (known: host, port, security)",
                "config/test.yaml:5: key 'servers.main.port': must be between 1 and 65535, was 70000",
                "config/test.yaml:6: key 'servers.backup': a server needs a host",
                "config/test.yaml:7: key 'servers.third.security': 'ssl' is not one of none, starttls, tls",
                "config/test.yaml:8: key 'maxSize': " + catchThrowableOfType(() -> ByteSize.parse("huge"), IllegalArgumentException.class).getMessage());
    }

    @Test
    void a_mapping_where_a_value_belongs_and_the_reverse_are_named() {
        ConfigException e = catchThrowableOfType(() -> BINDER.bind(Settings.class, YamlConfig.parse("""
                enabled: {yes: please}
                servers: smtp.example.com
                """, "config/test.yaml")), ConfigException.class);
        assertThat(e.problems()).extracting(ConfigException::getMessage).containsExactlyInAnyOrder(
                "config/test.yaml:1: key 'enabled': expected a single value, found a mapping",
                "config/test.yaml:2: key 'servers': expected a mapping of name: value");
    }

    record Row(@Option("the picture") String image, @Option(value = "values by slot", rest = true) Map<String, String> values) {
    }

    record Manifest(@Option(value = "rows", required = true) List<Row> rows) {
    }

    @Test
    void json_binds_like_yaml_with_lines_and_a_rest_map_takes_the_other_keys() {
        Manifest m = BINDER.bind(Manifest.class, JsonConfig.parse("""
                {"rows": [
                  {"image": "a.jpg", "headline": "Summer sale", "price": 12.5},
                  {"image": null}
                ]}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8), "inbox/batch/m.json"));
        assertThat(m.rows().get(0).values()).containsExactly(Map.entry("headline", "Summer sale"), Map.entry("price", "12.5"));
        assertThat(m.rows().get(1).image()).isEmpty();                        // null reads as an empty value
        ConfigException e = catchThrowableOfType(() -> BINDER.bind(Manifest.class, JsonConfig.parse("""
                {"rows": [
                  {"image": "a.jpg"},
                  {"image": {"file": "b.jpg"}}
                ]}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8), "inbox/batch/m.json")), ConfigException.class);
        assertThat(e.getMessage()).isEqualTo("inbox/batch/m.json:3: key 'rows[1].image': expected a single value, found a mapping");
        ConfigException syntax = catchThrowableOfType(() -> JsonConfig.parse("{\"rows\": [\n  {\"image\": \"a.jpg\",}\n]}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), "inbox/batch/m.json"), ConfigException.class);
        assertThat(syntax.line()).isEqualTo(2);
        assertThat(syntax.getMessage()).startsWith("inbox/batch/m.json:2: this is not valid JSON");
    }
}
