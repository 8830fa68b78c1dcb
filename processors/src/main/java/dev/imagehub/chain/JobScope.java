package dev.imagehub.chain;

import java.nio.file.Path;

import dev.imagehub.wavespeed.AiGateway;

/**
 * Who a chain run works for: the route, the journaled job and the file's content hash. AI steps key their predictions
 * on it so that a run repeated after a crash finds the prediction it already paid for instead of submitting again.
 */
public interface JobScope {

    /** The route, e.g. {@code hotfolder-upscale}; budgets and the ledger are per route. */
    String route();

    /** The hot folder (or mailbox, batch) name; outputs go to {@code outbox/<folder>/}. */
    String folder();

    String jobId();

    String fileSha256();

    /** The hub's home folder (config/, inbox/, data/). */
    Path home();

    /** The folder the file was dropped in; steps read companions from it (multi-view siblings, face images). */
    Path inboxFolder();

    /** The WaveSpeed gateway; never null (without a key it fails each call with a clear "no API key" reason). */
    AiGateway ai();

    /**
     * Whether files this job reads beside its image (multi-view siblings, audio) may be symbolic links; false unless
     * the folder allows links, since a link could make the hub read and publish any file its user can read.
     */
    default boolean followsLinks() {
        return false;
    }

    /**
     * How long the file's chain may run ({@code hub.fileDeadlineSeconds}): checked between steps, as imgproxy does, so
     * that no pathological input holds a worker forever; null for no limit.
     */
    default java.time.Duration deadline() {
        return null;
    }
}
