package dev.imagehub.wavespeed;

/** What a model's outputs are, so a step knows how to save them. */
public enum OutputKind {
    IMAGE("image"), TEXT("text"), MODEL_3D("model3d"), VIDEO("video");

    private final String word;

    OutputKind(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
