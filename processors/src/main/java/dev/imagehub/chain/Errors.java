package dev.imagehub.chain;

import java.io.IOException;

import dev.imagehub.config.ConfigException;
import dev.imagehub.image.BadImageException;

/** Turns exceptions into reasons a person who dropped a file can act on, without stack traces or secrets. */
public final class Errors {
    private Errors() {
    }

    public static String reason(Throwable e) {
        // these messages are written for the user already (an AI failure says what happened, what it cost, what to do)
        if (e instanceof BadImageException || e instanceof ConfigException || e instanceof IllegalArgumentException
                || e instanceof dev.imagehub.wavespeed.AiFailure) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "the image needs more memory than the hub may use; lower hub.maxMegapixels or give the hub more memory (-Xmx)";
        }
        if (e instanceof IOException) {
            return "reading or writing failed: " + message(e);
        }
        return "unexpected error (" + e.getClass().getSimpleName() + "): " + message(e);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
