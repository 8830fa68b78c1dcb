package dev.imagehub.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.imagehub.chain.ChainCatalog;
import dev.imagehub.chain.ChainResult;
import dev.imagehub.chain.ChainRunner;
import dev.imagehub.chain.StepCatalog;
import dev.imagehub.image.ExifTool;
import dev.imagehub.image.ImageInfo;
import dev.imagehub.image.ImageProbe;
import dev.imagehub.image.SourceMetadata;
import dev.imagehub.testing.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every corpus photo that carries metadata (EXIF, XMP or a profile), through {@code keep: all} into its own format and WebP:
 * exiftool finds no problem in the output that it did not already find in the camera's or editor's own file.
 */
class MetadataCorpusIT {
    @TempDir
    Path home;

    @Test
    void should_write_metadata_that_validates_as_well_as_the_source_for_every_corpus_photo() throws Exception {
        Optional<Path> corpus = Fixtures.corpus();
        Assumptions.assumeTrue(corpus.isPresent(), "needs ../shared/corpus");
        Assumptions.assumeTrue(ExifTool.available(), "needs exiftool (apt-get install libimage-exiftool-perl)");
        // given
        Path config = Files.createDirectories(home.resolve("config"));
        Files.writeString(config.resolve(ChainCatalog.CHAINS_FILE), """
                jpeg:
                  steps:
                    - resize: { width: 400 }
                    - metadata: { keep: all }
                webp:
                  steps:
                    - resize: { width: 400 }
                    - metadata: { keep: all, color: keep }
                    - convert: { format: webp }
                """);
        ChainCatalog chains = ChainCatalog.load(config, "config", StepCatalog.discover());
        List<Path> photos;
        try (Stream<Path> files = Stream.concat(Files.list(corpus.get().resolve("real")), Files.list(corpus.get().resolve("derived")))) {
            photos = files.filter(p -> p.getFileName().toString().matches(".*\\.(jpg|png|webp)")).sorted().toList();
        }
        List<Path[]> pairs = new ArrayList<>();

        // when
        for (Path photo : photos) {
            byte[] bytes = Files.readAllBytes(photo);
            ImageInfo info = ImageProbe.probe(bytes);
            if (info.exif() == null && info.icc() == null && SourceMetadata.xmp(bytes, info.format()) == null) continue;
            for (String name : new String[] {"jpeg", "webp"}) {
                ChainResult result = ChainRunner.run(chains.get(name), photo.getFileName().toString(), bytes, info);
                ChainResult.Output output = result.outputs().get(0);
                Path out = Files.write(home.resolve(photo.getFileName() + "." + name + "." + output.format().extension()), output.bytes());
                pairs.add(new Path[] {photo, out});
            }
        }

        // then
        Map<Path, List<String>> sources = ExifTool.warnings(pairs.stream().map(p -> p[0]).distinct().toList());
        Map<Path, List<String>> outputs = ExifTool.warnings(pairs.stream().map(p -> p[1]).toList());
        assertThat(sources.values().stream().mapToInt(List::size).sum()).as("warnings parsed (camera files have some)").isGreaterThan(10);
        for (Path[] pair : pairs) {
            assertThat(outputs.get(pair[1])).as("%s: warnings its source did not have", pair[1].getFileName())
                    .allSatisfy(w -> assertThat(sources.get(pair[0])).contains(w));
        }
        assertThat(pairs).as("outputs of corpus photos with metadata").hasSizeGreaterThan(30);
    }
}
