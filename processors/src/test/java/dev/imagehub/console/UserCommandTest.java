package dev.imagehub.console;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.HubLock;
import dev.imagehub.HubSettings;
import dev.imagehub.ledger.Ledger;
import dev.imagehub.testing.TestHub;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hub user}: console users from the command line, with the password never on the command line. */
class UserCommandTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String stdin, String... args) throws Exception {
        HubSettings settings = HubSettings.load(home, TestHub.defaults(), env);
        return UserCommand.run(settings, args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void adds_lists_and_removes_users_with_hashed_passwords_and_an_audit_line() throws Exception {
        TestHub.prepareHome(home);
        assertThat(run(Map.of(UserCommand.PASSWORD_ENV, "a long enough secret"), "", "add", "ada", "--role", "admin")).isZero();
        assertThat(run(Map.of(), "another long secret\n", "add", "bo")).isZero();
        assertThat(run(Map.of(), "", "list")).isZero();
        assertThat(out.toString()).contains("added ada (admin)", "added bo (viewer)").containsPattern("ada\\s+admin").containsPattern("bo\\s+viewer");
        try (Ledger ledger = Ledger.open(HubSettings.load(home, TestHub.defaults(), Map.of()))) {
            ConsoleUsers users = new ConsoleUsers(ledger.dataSource());
            assertThat(users.verify("ada", "a long enough secret")).isPresent();
            assertThat(users.verify("ada", "wrong")).isEmpty();
            try (var c = ledger.dataSource().getConnection(); var rs = c.createStatement().executeQuery("SELECT password_hash FROM console_user")) {
                while (rs.next()) assertThat(rs.getString(1)).startsWith("$2").doesNotContain("secret");
            }
            assertThat(new Audit(ledger.dataSource()).latest(10)).extracting(Audit.Entry::action).contains("user-added");
        }
        assertThat(run(Map.of(), "", "remove", "bo")).isZero();
        assertThat(run(Map.of(), "", "remove", "bo")).isEqualTo(1);
        assertThat(err.toString()).contains("there is no console user bo");
    }

    @Test
    void refuses_a_short_password_a_bad_role_and_a_running_hub() throws Exception {
        TestHub.prepareHome(home);
        assertThat(run(Map.of(), "short\n", "add", "ada")).isEqualTo(2);
        assertThat(err.toString()).contains("at least 12 characters");
        assertThat(run(Map.of(), "a long enough secret\n", "add", "ada", "--role", "boss")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown role 'boss'");
        try (HubLock running = HubLock.tryTake(home).orElseThrow()) {
            assertThat(run(Map.of(), "a long enough secret\n", "add", "ada")).isEqualTo(3);
            assertThat(err.toString()).contains("the hub is running", "Users page");
        }
    }
}
