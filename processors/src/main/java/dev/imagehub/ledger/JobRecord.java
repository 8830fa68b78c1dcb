package dev.imagehub.ledger;

/** One row of the job journal: a file a route has started, committed or finished, and whether its results await review. */
public record JobRecord(String jobId, String route, String folder, String chain, String fileName, long fileSize, String sha256,
                        String state, boolean finalized, String failedStep, String error, String outputs, String reviewState) {
    /** Results held for a reviewer's decision (outbox/<folder>/.review/). */
    public static final String REVIEW_WAITING = "WAITING";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String ABANDONED = "ABANDONED";
    /** The route of batch rows, whose jobs their batch resumes itself. */
    public static final String BATCH_ROUTE = "batch";

    public boolean committed() {
        return DONE.equals(state) || FAILED.equals(state);
    }
}
