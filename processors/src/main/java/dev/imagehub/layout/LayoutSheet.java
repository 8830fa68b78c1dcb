package dev.imagehub.layout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.imagehub.brand.BrandKit;
import dev.imagehub.image.IndexedPngWriter;
import dev.imagehub.image.PaletteQuantizer;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.steps.ai.ContactSheet;
import dev.imagehub.watermark.WatermarkAssets;

/**
 * Every layout of the catalog rendered in the brand's colours with its sample texts, on one labelled contact sheet
 * (a 256-colour PNG): what {@code hub templates --sheet} writes and the console's library shows.
 */
public final class LayoutSheet {
    private LayoutSheet() {
    }

    /** The sheet; {@code photo} gives the picture for a layout's photo slot (null: the layout's placeholder). */
    public static byte[] render(Path home, LayoutCatalog catalog, BrandKit brand, Function<String, WorkingImage> photo) throws IOException {
        List<ContactSheet.Cell> cells = new ArrayList<>();
        try {
            for (String name : catalog.names()) {
                Layout l = catalog.get(name);
                try (WorkingImage picture = photo.apply(name)) {
                    Rendering r = LayoutRenderer.render(l, new RenderRequest(0, 0, picture, catalog.sample(name), brand, home, java.util.Map.of(), null));
                    cells.add(new ContactSheet.Cell(r.image(), name, l.width() + "x" + l.height()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
                }
            }
            try (WorkingImage composed = ContactSheet.compose(cells, WatermarkAssets.font(home.resolve("templates/fonts/DejaVuSans.ttf")))) {
                // a 256-colour PNG keeps the sheet small enough to commit next to the docs
                return IndexedPngWriter.write(PaletteQuantizer.quantize(composed.mat(), 256, true), 9);
            }
        } finally {
            cells.forEach(c -> c.image().close());
        }
    }
}
