package dev.imagehub.ledger;

import java.time.Instant;

/**
 * Who a set of usage rows belongs to: when they were written, the source and route, the job and its file, and what the
 * totals group it by (chain, campaign, mail sender; empty when none).
 */
public record UsageOrigin(Instant ts, String source, String route, String jobId, String fileName, String sha256, String chain,
                          String campaign, String sender) {
    public UsageOrigin {
        chain = chain == null ? "" : chain;
        campaign = campaign == null ? "" : campaign;
        sender = sender == null ? "" : sender;
    }
}
