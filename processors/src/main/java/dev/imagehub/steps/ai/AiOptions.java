package dev.imagehub.steps.ai;

import java.util.List;
import java.util.Map;

import dev.imagehub.wavespeed.ModelChooser;

/** The options every AI step has: which model (by id or name, or a mode that lets the hub choose) and extra inputs. */
public interface AiOptions {

    /** A model id ({@code wavespeed-ai/image-upscaler}) or name ({@code Image Upscaler}); null lets {@link #mode()} choose. */
    String model();

    /** budget, balanced or quality: how the hub chooses when no model is named. */
    ModelChooser.Mode mode();

    /** Model inputs passed through as written (e.g. {@code seed: 42}), checked against the model's declared inputs. */
    Map<String, Object> inputs();

    /**
     * Models to run side by side on the same image, with a contact sheet; empty for one model. Only steps whose results
     * are single images declare the option; the others keep this default.
     */
    default List<String> compare() {
        return List.of();
    }
}
