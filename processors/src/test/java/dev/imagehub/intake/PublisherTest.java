package dev.imagehub.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Publishing finished files under free names: never overwriting, never losing a file, even with racing workers. */
class PublisherTest {

    @TempDir
    Path root;

    @Test
    void should_never_overwrite_and_number_the_copies() throws IOException {
        // given three finished temp files that all want to be called a.jpg
        Path work = Files.createDirectories(root.resolve("work"));
        Path out = root.resolve("outbox");
        List<Path> temps = new ArrayList<>();
        for (int i = 1; i <= 3; i++) temps.add(Files.writeString(work.resolve(".tmp-" + i), "content " + i));

        // when
        List<String> names = new ArrayList<>();
        for (Path t : temps) names.add(Publisher.publish(t, out, "a", "jpg"));

        // then
        assertThat(names).containsExactly("a.jpg", "a-2.jpg", "a-3.jpg");
        assertThat(Files.readString(out.resolve("a.jpg"))).isEqualTo("content 1");
        assertThat(Files.readString(out.resolve("a-2.jpg"))).isEqualTo("content 2");
        assertThat(Files.readString(out.resolve("a-3.jpg"))).isEqualTo("content 3");
        assertThat(temps).allMatch(t -> !Files.exists(t));
        assertThat(listNames(out)).containsExactlyInAnyOrder("a.jpg", "a-2.jpg", "a-3.jpg");
    }

    @Test
    void should_skip_names_taken_by_files_that_were_already_there() throws IOException {
        // given
        Path out = Files.createDirectories(root.resolve("outbox"));
        Files.writeString(out.resolve("a.jpg"), "older");
        Path temp = Files.writeString(out.resolve(".tmp"), "newer");

        // when
        String name = Publisher.publish(temp, out, "a", "jpg");

        // then
        assertThat(name).isEqualTo("a-2.jpg");
        assertThat(Files.readString(out.resolve("a.jpg"))).isEqualTo("older");
        assertThat(Files.readString(out.resolve("a-2.jpg"))).isEqualTo("newer");
        assertThat(temp).doesNotExist();
    }

    @Test
    void should_lose_no_file_when_two_workers_publish_the_same_name_at_once() throws Exception {
        // given two workers with 50 finished files each, all named x.png
        Path out = root.resolve("outbox");
        int perWorker = 50;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int worker = w;
                Path work = Files.createDirectories(root.resolve("work-" + w));
                Callable<List<String>> job = () -> {
                    List<Path> temps = new ArrayList<>();
                    for (int i = 0; i < perWorker; i++) {
                        temps.add(Files.writeString(work.resolve(".tmp-" + i), worker + ":" + i, StandardCharsets.UTF_8));
                    }
                    start.await(30, TimeUnit.SECONDS);
                    List<String> names = new ArrayList<>();
                    for (Path t : temps) names.add(Publisher.publish(t, out, "x", "png"));
                    return names;
                };
                results.add(pool.submit(job));
            }

            // when
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : results) all.addAll(f.get(60, TimeUnit.SECONDS));

            // then
            assertThat(all).hasSize(2 * perWorker).doesNotHaveDuplicates();
            assertThat(listNames(out)).hasSize(2 * perWorker).containsExactlyInAnyOrderElementsOf(all);
            Set<String> contents = new HashSet<>();
            for (String name : all) contents.add(Files.readString(out.resolve(name)));
            assertThat(contents).as("every file's content arrived exactly once").hasSize(2 * perWorker);
            for (int w = 0; w < 2; w++) assertThat(listNames(root.resolve("work-" + w))).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_tell_whether_a_file_already_has_a_second_name() throws IOException {
        // given
        Path file = Files.writeString(root.resolve("one"), "x");
        Path missing = root.resolve("missing");

        // when / then
        assertThat(Publisher.alreadyLinked(file)).isFalse();
        Files.createLink(root.resolve("two"), file);
        assertThat(Publisher.alreadyLinked(file)).isTrue();
        Files.delete(root.resolve("two"));
        assertThat(Publisher.alreadyLinked(file)).isFalse();
        assertThat(Publisher.alreadyLinked(missing)).isFalse();
    }

    @Test
    void should_write_temp_files_into_a_new_folder() throws IOException {
        // when
        Path tmp = Publisher.writeTemp(root.resolve("new/dir"), ".hub-1.tmp", new byte[] {1, 2, 3});

        // then
        assertThat(tmp).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(tmp.getFileName().toString()).isEqualTo(".hub-1.tmp");
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
