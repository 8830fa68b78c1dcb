package dev.imagehub.chain;

import java.util.List;

import dev.imagehub.ledger.UsageRecord;

/** A chain run that stopped at one step; carries the step name, a reason a user understands, and the ledger rows so far. */
public final class StepFailure extends Exception {
    private final String step;
    private final List<UsageRecord> usage;

    public StepFailure(String step, String reason, Throwable cause, List<UsageRecord> usage) {
        super(reason, cause);
        this.step = step;
        this.usage = List.copyOf(usage);
    }

    public String step() { return step; }
    public List<UsageRecord> usage() { return usage; }
}
