package dev.imagehub.chain;

import java.util.List;

import dev.imagehub.image.ImageFormat;
import dev.imagehub.ledger.UsageRecord;

/** The encoded outputs of one chain run and the ledger rows describing every operation. */
public record ChainResult(List<Output> outputs, List<UsageRecord> usage) {

    /** One encoded result; {@code suffix} distinguishes several outputs of one file (empty for the main one). */
    public record Output(String suffix, ImageFormat format, byte[] bytes, int width, int height) {
    }
}
