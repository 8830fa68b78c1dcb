package dev.imagehub.mail;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * What became of one attachment of a mail: its results (published files in the outbox) or the plain-words reason it
 * failed, with the steps run, sizes, AI cost and time, for the reply's per-file summary.
 *
 * @param attachmentName the name as sent (already made safe for display)
 * @param outputs        the published result files, empty when it failed
 * @param steps          the chain's steps, e.g. "autoOrient, resize, watermark, compress"
 * @param bytesIn        the attachment's size
 * @param bytesOut       the results' total size
 * @param costUsd        AI cost of this file (0 for local chains)
 * @param millis         processing time
 * @param failedStep     the step that failed, or null
 * @param reason         why it failed, in words a user understands, or null
 * @param heldJob        the job whose results wait for a reviewer (the mail is answered once it is decided), or null
 */
public record FileReport(String attachmentName, List<Path> outputs, String steps, long bytesIn, long bytesOut,
                         BigDecimal costUsd, long millis, String failedStep, String reason, String heldJob) {

    public FileReport {
        outputs = List.copyOf(outputs);
    }

    /** A file processed and delivered (or failed) at once, without review. */
    public FileReport(String attachmentName, List<Path> outputs, String steps, long bytesIn, long bytesOut, BigDecimal costUsd, long millis,
                      String failedStep, String reason) {
        this(attachmentName, outputs, steps, bytesIn, bytesOut, costUsd, millis, failedStep, reason, null);
    }

    public boolean ok() {
        return reason == null;
    }
}
