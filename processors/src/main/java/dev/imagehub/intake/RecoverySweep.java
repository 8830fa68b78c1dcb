package dev.imagehub.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagehub.HubServices;
import dev.imagehub.ledger.JobRecord;

/**
 * Runs once at start-up, before any hot folder polls: finishes deliveries a crash interrupted after the job was
 * committed, and deletes temporary outputs of jobs that never committed (those files are processed again, under the
 * same job id).
 */
public final class RecoverySweep {
    private static final Logger LOG = LoggerFactory.getLogger(RecoverySweep.class);

    private RecoverySweep() {
    }

    public static void run(HubServices hub) throws SQLException, IOException {
        int finished = 0;
        int discarded = 0;
        boolean shared = hub.claims() != null;      // several hubs: only this hub's own jobs (see JobJournal.ownRunning)
        for (JobRecord job : shared ? hub.journal().ownCommittedUnfinalized() : hub.journal().committedUnfinalized()) {
            Path original = hub.home().resolve("inbox").resolve(job.folder()).resolve(job.fileName());
            // the chain (when still configured) tells which companion files travel with the original
            FileJob fileJob = new FileJob(hub, job.folder(), job.route(), job.chain(), hub.chains().get(job.chain()));
            // the original is finished here only if it is the same content; otherwise its own poll decides
            fileJob.finish(job, Files.exists(original) && matches(original, job) ? original : null);
            finished++;
        }
        for (JobRecord job : shared ? hub.journal().ownRunning() : hub.journal().running()) {
            new FileJob(hub, job.folder(), job.route(), job.chain(), null).discardTemps(job.jobId());
            // the job stays RUNNING so that its file, picked up again, resumes it under the same id (and finds the AI
            // tasks it paid for); a batch resumes its rows itself; a job whose file has gone has nothing left to resume
            Path original = hub.home().resolve("inbox").resolve(job.folder()).resolve(job.fileName());
            if (!JobRecord.BATCH_ROUTE.equals(job.route()) && !Files.exists(original, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                hub.journal().abandon(job.jobId());
            }
            discarded++;
        }
        // review decisions a crash interrupted: their results finish moving
        int decisions = hub.reviews().recover();
        if (decisions > 0) LOG.info("Recovery after an unclean stop: finished {} review decision(s)", decisions);
        try {
            int answered = hub.reviewedMail().settleAll();
            if (answered > 0) LOG.info("Recovery: answered {} mail(s) whose review had finished", answered);
        } catch (Exception e) {
            LOG.warn("Recovery: mails whose review finished cannot be answered yet: {}", e.getMessage());
        }
        if (finished + discarded > 0) {
            LOG.info("Recovery after an unclean stop: finished delivering {} committed job(s), cleared {} interrupted job(s) "
                    + "(their files are processed again)", finished, discarded);
        }
    }

    private static boolean matches(Path file, JobRecord job) throws IOException {
        return Files.size(file) == job.fileSize() && FileJob.sha256(file).equals(job.sha256());
    }
}
