package dev.imagehub.wavespeed;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a WaveSpeed model does; the word in {@code task:} of config/models.yaml and in a step's name. */
public enum ModelTask {
    EDIT("edit"), UPSCALE("upscale"), FACE_SWAP("faceSwap"), HEAD_SWAP("headSwap"), MULTI_FACE_SWAP("multiFaceSwap"),
    ERASE("erase"), EXPAND("expand"), BACKGROUND("background"), REMOVE_TEXT("removeText"), TRANSLATE("translate"),
    CAPTION("caption"), TO_3D("to3d"), GENERATE("generate"), VIDEO("video");

    private final String word;

    ModelTask(String word) {
        this.word = word;
    }

    /** The YAML spelling, e.g. {@code faceSwap}. */
    public String word() {
        return word;
    }

    public static Optional<ModelTask> of(String word) {
        return Arrays.stream(values()).filter(t -> t.word.equals(word)).findFirst();
    }

    public static String words() {
        return Arrays.stream(values()).map(ModelTask::word).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return word;
    }
}
