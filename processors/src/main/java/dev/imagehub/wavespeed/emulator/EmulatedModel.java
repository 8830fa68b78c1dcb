package dev.imagehub.wavespeed.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** One model the emulator answers for: its WaveSpeed id, what kind of work it does, its base price and display name. */
public record EmulatedModel(String id, Task task, double basePrice, String name) {

    /** The kind of work, which decides the inputs the emulator requires and the output it makes. */
    public enum Task {
        UPSCALE("image-to-image"), EDIT("image-to-image"), FACE_SWAP("image-to-image"), ERASE("image-to-image"),
        EXPAND("image-to-image"), BACKGROUND("image-to-image"), REMOVE_TEXT("image-to-image"),
        TRANSLATE("image-to-image"), CAPTION("image-to-text"), IMAGE_TO_3D("image-to-3d"), TEXT_TO_3D("text-to-3d"),
        GENERATE("text-to-image"), VIDEO("image-to-video");

        private final String type;

        Task(String type) {
            this.type = type;
        }

        /** The catalogue's {@code type} field. */
        public String type() {
            return type;
        }
    }

    /** The talking-avatar model: its video lasts as long as its audio input, and is billed per second of it. */
    static final String INFINITETALK = "wavespeed-ai/infinitetalk";

    /** The models of WAVESPEED-API.md section 3, keyed by id. */
    static final Map<String, EmulatedModel> CATALOGUE = catalogue(List.of(
            new EmulatedModel("wavespeed-ai/image-upscaler", Task.UPSCALE, 0.01, "Image Upscaler"),
            new EmulatedModel("wavespeed-ai/ultimate-image-upscaler", Task.UPSCALE, 0.06, "Ultimate Image Upscaler"),
            new EmulatedModel("bria/increase-resolution", Task.UPSCALE, 0.04, "Bria Increase Resolution"),
            new EmulatedModel("wavespeed-ai/image-face-swap", Task.FACE_SWAP, 0.01, "Image Face Swap"),
            new EmulatedModel("wavespeed-ai/image-face-swap-pro", Task.FACE_SWAP, 0.02, "Image Face Swap Pro"),
            new EmulatedModel("wavespeed-ai/image-head-swap", Task.FACE_SWAP, 0.025, "Image Head Swap"),
            new EmulatedModel("wavespeed-ai/infinite-you", Task.FACE_SWAP, 0.03, "InfiniteYou"),
            new EmulatedModel("akool/image-face-swap", Task.FACE_SWAP, 0.16, "Akool Multi-Face Swap"),
            new EmulatedModel("google/nano-banana-pro/edit-ultra", Task.EDIT, 0.15, "Nano Banana Pro Edit Ultra"),
            new EmulatedModel("alibaba/wan-2.5/image-edit", Task.EDIT, 0.03, "WAN 2.5 Image Edit"),
            new EmulatedModel("wavespeed-ai/qwen-image/edit", Task.EDIT, 0.02, "Qwen Image Edit"),
            new EmulatedModel("wavespeed-ai/qwen-image/edit-plus", Task.EDIT, 0.02, "Qwen Image Edit Plus"),
            new EmulatedModel("wavespeed-ai/step1x-edit", Task.EDIT, 0.03, "Step1X Edit"),
            new EmulatedModel("wavespeed-ai/flux-kontext-pro", Task.EDIT, 0.04, "FLUX Kontext Pro"),
            new EmulatedModel("wavespeed-ai/flux-kontext-max", Task.EDIT, 0.08, "FLUX Kontext Max"),
            new EmulatedModel("wavespeed-ai/flux-kontext-pro/multi", Task.EDIT, 0.04, "FLUX Kontext Pro Multi"),
            new EmulatedModel("openai/gpt-image-1", Task.EDIT, 0.042, "GPT Image 1"),
            new EmulatedModel("bytedance/seededit-v3", Task.EDIT, 0.027, "SeedEdit V3"),
            new EmulatedModel("wavespeed-ai/hidream-e1-full", Task.EDIT, 0.024, "HiDream E1 Full"),
            new EmulatedModel("ideogram-ai/ideogram-character", Task.EDIT, 0.15, "Ideogram Character"),
            new EmulatedModel("wavespeed-ai/z-image/turbo-inpaint", Task.EDIT, 0.02, "Z-Image Turbo Inpaint"),
            new EmulatedModel("wavespeed-ai/image-zoom-out", Task.EXPAND, 0.02, "Image Zoom-Out"),
            new EmulatedModel("wavespeed-ai/image-eraser", Task.ERASE, 0.025, "Image Eraser"),
            new EmulatedModel("bria/expand", Task.EXPAND, 0.04, "Bria Expand"),
            new EmulatedModel("bria/generate-background", Task.BACKGROUND, 0.04, "Bria Background"),
            new EmulatedModel("wavespeed-ai/image-text-remover", Task.REMOVE_TEXT, 0.15, "Image Text Remover"),
            new EmulatedModel("wavespeed-ai/image-translator", Task.TRANSLATE, 0.15, "Image Translator"),
            new EmulatedModel("alibaba/qwen-image/translate", Task.TRANSLATE, 0.01, "Qwen Image Translate"),
            new EmulatedModel("wavespeed-ai/image-captioner", Task.CAPTION, 0.001, "Image Captioner"),
            new EmulatedModel("wavespeed-ai/sam-3d-body", Task.IMAGE_TO_3D, 0.02, "SAM 3D Body"),
            new EmulatedModel("wavespeed-ai/sam-3d-objects", Task.IMAGE_TO_3D, 0.02, "SAM 3D Objects"),
            new EmulatedModel("wavespeed-ai/hunyuan3d/v2-multi-view", Task.IMAGE_TO_3D, 0.02, "Hunyuan3D V2 Multi-View"),
            new EmulatedModel("tripo3d/v2.5/image-to-3d", Task.IMAGE_TO_3D, 0.30, "Tripo3D V2.5 Image-to-3D"),
            new EmulatedModel("tripo3d/v2.5/multiview-to-3d", Task.IMAGE_TO_3D, 0.30, "Tripo3D V2.5 Multiview"),
            new EmulatedModel("wavespeed-ai/hunyuan3d/v2.1", Task.IMAGE_TO_3D, 0.30, "Hunyuan3D V2.1"),
            new EmulatedModel("wavespeed-ai/hunyuan3d-v3/image-to-3d", Task.IMAGE_TO_3D, 0.25, "Hunyuan3D V3 Image-to-3D"),
            new EmulatedModel("wavespeed-ai/hunyuan3d-v3/sketch-to-3d", Task.IMAGE_TO_3D, 0.375, "Hunyuan3D V3 Sketch-to-3D"),
            new EmulatedModel("hyper3d/rodin-v2/image-to-3d", Task.IMAGE_TO_3D, 0.30, "Hyper3D Rodin v2 Image-to-3D"),
            new EmulatedModel("hyper3d/rodin-v2/text-to-3d", Task.TEXT_TO_3D, 0.30, "Hyper3D Rodin v2 Text-to-3D"),
            new EmulatedModel("wavespeed-ai/wan-2.2/text-to-image-realism", Task.GENERATE, 0.025, "WAN 2.2 Text-to-Image Realism"),
            new EmulatedModel("vidu/reference-to-image-q2", Task.GENERATE, 0.10, "Vidu Reference-to-Image Q2"),
            new EmulatedModel("ideogram-ai/ideogram-v3-turbo", Task.GENERATE, 0.03, "Ideogram V3 Turbo"),
            new EmulatedModel("wavespeed-ai/qwen-image/text-to-image", Task.GENERATE, 0.02, "Qwen Image"),
            new EmulatedModel("alibaba/wan-2.5/image-to-video", Task.VIDEO, 0.25, "WAN 2.5 Image-to-Video"),
            new EmulatedModel(INFINITETALK, Task.VIDEO, 0.15, "InfiniteTalk")));

    /** The length of a video output in seconds: WAN's {@code duration} (5 or 10), InfiniteTalk's audio (5 s minimum, 600 s cap). */
    static double videoSeconds(String id, JsonNode inputs, double audioSeconds) {
        if (id.equals(INFINITETALK)) return audioSeconds < 0 ? 5 : Math.min(600, Math.max(5, audioSeconds));
        return inputs.path("duration").asInt(5) >= 10 ? 10 : 5;
    }

    /**
     * The price of one run with these inputs: the base price, except for the models whose WAVESPEED-API.md entry
     * names a rule (resolution, quality and size, rendering speed, textured mesh). Missing inputs give the base price,
     * as the real quote does.
     */
    public double price(JsonNode inputs) {
        return price(inputs, -1);
    }

    /** As {@link #price(JsonNode)}, with the measured length of the {@code audio} input (-1 when none) for InfiniteTalk. */
    public double price(JsonNode inputs, double audioSeconds) {
        String resolution = inputs.path("resolution").asText("480p").toLowerCase(Locale.ROOT);
        return switch (id) {
            case "alibaba/wan-2.5/image-to-video" -> (resolution.equals("1080p") ? 0.75 : resolution.equals("720p") ? 0.50 : 0.25)
                    * videoSeconds(id, inputs, -1) / 5;
            case INFINITETALK -> round((resolution.equals("720p") ? 0.06 : 0.03) * videoSeconds(id, inputs, audioSeconds));
            case "google/nano-banana-pro/edit-ultra" -> "8k".equalsIgnoreCase(inputs.path("resolution").asText()) ? 0.18 : 0.15;
            case "openai/gpt-image-1" -> {
                boolean square = inputs.path("size").asText("1024*1024").equals("1024*1024");
                yield switch (inputs.path("quality").asText("medium").toLowerCase(Locale.ROOT)) {
                    case "low" -> square ? 0.011 : 0.016;
                    case "high" -> square ? 0.167 : 0.25;
                    default -> square ? 0.042 : 0.063;
                };
            }
            case "ideogram-ai/ideogram-character" -> switch (inputs.path("rendering_speed").asText("Default").toLowerCase(Locale.ROOT)) {
                case "turbo" -> 0.10;
                case "quality" -> 0.20;
                default -> 0.15;
            };
            case "wavespeed-ai/hunyuan3d/v2-multi-view" -> inputs.path("textured_mesh").asBoolean(false) ? basePrice * 3 : basePrice;
            default -> basePrice;
        };
    }

    /** The catalogue's JSONata {@code formula}, matching {@link #price}. */
    public String formula() {
        return switch (id) {
            case "google/nano-banana-pro/edit-ultra" -> "resolution = \"8k\" ? 0.18 : 0.15";
            case "openai/gpt-image-1" -> "(quality = \"low\" ? (size = \"1024*1024\" ? 0.011 : 0.016) : quality = \"high\" ? "
                    + "(size = \"1024*1024\" ? 0.167 : 0.25) : (size = \"1024*1024\" ? 0.042 : 0.063))";
            case "ideogram-ai/ideogram-character" -> "rendering_speed = \"Turbo\" ? 0.10 : rendering_speed = \"Quality\" ? 0.20 : 0.15";
            case "wavespeed-ai/hunyuan3d/v2-multi-view" -> "textured_mesh ? base_price * 3 : base_price";
            case "alibaba/wan-2.5/image-to-video" -> "(resolution = \"1080p\" ? 0.75 : resolution = \"720p\" ? 0.5 : 0.25) * (duration = 10 ? 2 : 1)";
            case INFINITETALK -> "(resolution = \"720p\" ? 0.06 : 0.03) * $max([5, $min([600, audio_duration])])";
            default -> "base_price";
        };
    }

    private static double round(double usd) {
        return Math.round(usd * 1_000_000d) / 1_000_000d;
    }

    private static Map<String, EmulatedModel> catalogue(List<EmulatedModel> models) {
        Map<String, EmulatedModel> m = new LinkedHashMap<>();
        for (EmulatedModel model : models) m.put(model.id(), model);
        return java.util.Collections.unmodifiableMap(m);
    }
}
