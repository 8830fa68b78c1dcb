package dev.imagehub.layout;

import static dev.imagehub.layout.LayoutRendererTest.TEXTS;
import static dev.imagehub.layout.LayoutRendererTest.allowed;
import static dev.imagehub.layout.LayoutRendererTest.changedOutside;
import static dev.imagehub.layout.LayoutRendererTest.inkPixels;
import static dev.imagehub.layout.LayoutRendererTest.inside;
import static dev.imagehub.layout.LayoutRendererTest.render;
import static dev.imagehub.layout.LayoutRendererTest.textSlots;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweep of every shipped layout with short, long and non-Latin texts in every text slot (36 renders compared
 * pixel by pixel): an integration test beside the corpus sweeps, so that {@code mvn test} stays quick.
 */
class LayoutTextSweepIT {
    static LayoutCatalog catalog;

    @BeforeAll
    static void load() {
        LayoutRendererTest.load();
        catalog = LayoutRendererTest.catalog;
    }

    @AfterAll
    static void close() {
        LayoutRendererTest.close();
    }

    @Test
    void every_layout_keeps_every_text_inside_its_box_with_short_long_and_non_latin_texts() {
        for (String name : catalog.names()) {
            Layout layout = catalog.get(name);
            List<Layout.TextSlot> slots = textSlots(layout);
            Map<String, String> hidden = new HashMap<>();
            for (Layout.TextSlot t : slots) hidden.put(t.name(), "none");
            try (Rendering bare = render(name, hidden)) {
                for (String text : TEXTS) {
                    Map<String, String> values = new HashMap<>();
                    for (Layout.TextSlot t : slots) values.put(t.name(), text);
                    try (Rendering r = render(name, values)) {
                        String what = name + " with \"" + text.substring(0, Math.min(20, text.length())) + "\"";
                        assertThat(r.image().width()).isEqualTo(layout.width());
                        assertThat(r.layout().texts()).as(what).hasSize(slots.size());
                        for (RenderedLayout.Text t : r.layout().texts()) {
                            assertThat(inside(t.inked(), t.box())).as(what + ": " + t.slot() + " inked " + t.inked() + " inside " + t.box()).isTrue();
                            assertThat(t.inked().width() * t.inked().height()).as(what + ": " + t.slot() + " has ink").isGreaterThan(0);
                            assertThat(inkPixels(r, bare, t.box())).as(what + ": " + t.slot() + " pixels changed in its box").isGreaterThan(20);
                        }
                        List<RenderedLayout.Box> allowed = allowed(layout, r);
                        assertThat(changedOutside(r, bare, allowed)).as(what + ": pixels changed outside the text boxes").isZero();
                    }
                }
            }
        }
    }

}
