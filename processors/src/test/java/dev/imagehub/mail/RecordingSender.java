package dev.imagehub.mail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub's real reply sender with a record of what it was asked to send, and the option to refuse its first sends
 * as an SMTP outage would (the intake must then keep the mail and answer it later, once).
 */
final class RecordingSender implements ReplySender {
    final List<MailReply> sent = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    private final ReplySender delegate;

    RecordingSender(ReplySender delegate) {
        this.delegate = delegate;
    }

    @Override
    public void send(MailReply reply) throws Exception {
        if (failuresLeft.getAndDecrement() > 0) throw new java.io.IOException("SMTP refused (test outage)");
        delegate.send(reply);
        sent.add(reply);
    }
}
