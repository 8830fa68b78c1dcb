package dev.imagehub.steps;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import dev.imagehub.brandcheck.BrandCheck;
import dev.imagehub.brand.BrandKit;
import dev.imagehub.brandcheck.BrandReport;
import dev.imagehub.chain.AbstractStep;
import dev.imagehub.chain.ChainConfig;
import dev.imagehub.chain.DecodeHint;
import dev.imagehub.chain.StepContext;
import dev.imagehub.config.ConfigException;
import dev.imagehub.config.ConfigNode;
import dev.imagehub.config.Option;
import dev.imagehub.config.YamlConfig;
import dev.imagehub.image.ImageFormat;
import dev.imagehub.image.WorkingImage;
import dev.imagehub.layout.RenderedLayout;

/**
 * Checks an image against the brand kit of {@code config/brand.yaml}: dominant colours against the palette, the logo
 * where the template put it (or in a region of a plain image), and the WCAG contrast of every text a template drew.
 * Never changes pixels; delivers {@code <stem>-brand-check.json} and {@code <stem>-brand-check.png} beside the image,
 * and with {@code onFailure: fail} sends a failing image to failed/ with the reasons.
 */
public final class BrandCheckStep extends AbstractStep<BrandCheckStep.Options> {
    // it reads the picture and writes beside it; the picture itself goes out as it came
    @Override
    public boolean keepsPicture() {
        return true;
    }

    /** What a failed check does. */
    public enum OnFailure { WARN, FAIL }

    /** When the logo is checked. */
    public enum LogoCheck { AUTO, REQUIRED, OFF }

    /** Options of brandCheck. */
    public record Options(
            @Option(value = "what a failed check does: warn (deliver the image and the report) or fail (send the image to failed/)",
                    defaultValue = "warn") OnFailure onFailure,
            @Option(value = "check that the image's colours are the brand's", defaultValue = "true") boolean colors,
            @Option(value = "check the logo: auto (where the template has a logo slot, or when logoRegion is set), required, or off",
                    defaultValue = "auto") LogoCheck logo,
            @Option("where a plain image's logo should be: anywhere or one of the nine anchors (topLeft ... bottomRight)") BrandCheck.Region logoRegion,
            @Option(value = "check the contrast of every text a template drew (WCAG)", defaultValue = "true") boolean contrast,
            @Option(value = "leave a template's photo areas out of the colour check", defaultValue = "true") boolean ignorePhotos,
            @Option(value = "CIEDE2000 distance within which a colour counts as a brand colour (default: brand.yaml's compliance.tolerance)",
                    min = 0, max = 100) Double tolerance,
            @Option(value = "percent of the design that must be in brand colours (default: brand.yaml's compliance.minShare)", min = 0, max = 100)
            Double minShare,
            @Option("the hub home whose config/brand.yaml is the brand; filled in at start-up, leave it unset") String home) {
    }

    public BrandCheckStep() {
        super("brandCheck", "brand compliance: colours against the palette, logo present, text contrast (WCAG); report beside the image",
                Options.class);
    }

    @Override
    public ConfigNode expand(ConfigNode options, ChainConfig config) {
        if (options.get("home") != null) {
            throw new ConfigException(options.get("home"), "option 'home' of step 'brandCheck' is filled in by the hub; remove it");
        }
        Path home = config.home().toAbsolutePath().normalize();
        BrandKit.load(home); // a broken brand.yaml stops the hub here, with its own file, line and key
        String quoted = '"' + home.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        return options.withDefaults(YamlConfig.parse("home: " + quoted, options.file()));
    }

    // the check samples a downscaled copy, but the report must describe the delivered pixels
    @Override
    public DecodeHint decodeHint(Options o, int w, int h) { return DecodeHint.NEUTRAL; }

    @Override
    public void apply(StepContext ctx, Options o) throws IOException {
        BrandKit brand = BrandKit.load(Path.of(o.home()));
        RenderedLayout layout = RenderedLayout.of(ctx);
        BufferedImage pixels = ctx.image().toBufferedImage();
        if (layout != null) layout = layout.scaleTo(pixels.getWidth(), pixels.getHeight());
        boolean layoutLogo = layout != null && (!layout.logos().isEmpty() || !layout.missing().isEmpty());
        boolean logo = switch (o.logo()) {
            case OFF -> false;
            case REQUIRED -> true;
            case AUTO -> layoutLogo || o.logoRegion() != null;
        };
        BrandCheck.Settings settings = new BrandCheck.Settings(o.colors(), logo, o.logoRegion(), o.contrast(), o.ignorePhotos(),
                o.tolerance() == null ? brand.check().tolerance() : o.tolerance(), o.minShare() == null ? brand.check().minShare() : o.minShare());
        BrandCheck.Report report = BrandCheck.run(pixels, layout, brand, settings);

        String file = ctx.fileName();
        ctx.addIndex("-brand-check", "json", BrandReport.json(file, report));
        Font heading = brand.font("heading", Path.of(o.home()));
        Font body = brand.font("body", Path.of(o.home()));
        ctx.addExtra("-brand-check", WorkingImage.fromBufferedImage(BrandReport.png(file, report, heading, body)), ImageFormat.PNG);

        String checks = (report.colors() == null ? "" : String.format(Locale.ROOT, "colours %.0f%%", report.colors().share()))
                + (report.logos().isEmpty() ? "" : ", logo " + report.logos().stream().allMatch(BrandCheck.Logo::passed))
                + (report.contrast().isEmpty() ? "" : ", " + report.contrast().size() + " text(s) contrast checked");
        ctx.note("brand check " + (report.passed() ? "passed" : "failed") + ": " + checks.replaceFirst("^, ", "")
                + (report.passed() ? "" : " (" + String.join("; ", report.failures()) + ")"));
        if (!report.passed() && o.onFailure() == OnFailure.FAIL) {
            throw new IllegalArgumentException("brand check failed: " + String.join("; ", report.failures()));
        }
    }
}
