package dev.imagehub.image;

/** The input is not an image the hub can process; the message is written for the person who dropped the file. */
public final class BadImageException extends Exception {
    public BadImageException(String reason) {
        super(reason);
    }

    public BadImageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
