package dev.imagehub.observe;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import dev.imagehub.intake.FileFailed;
import dev.imagehub.intake.HotFolderProcessor;
import dev.imagehub.mail.Notifier;

/**
 * Tells the notifications how hot-folder files end, from Camel's own events: a completed exchange whose file was
 * delivered is a success, a failure handled by the {@code hotfolder-failures} route configuration is a failed file
 * (bursts of them alert the operations address; the next success after an alert says it recovered).
 */
public final class FileOutcomeNotifier extends EventNotifierSupport {
    private final Notifier notifier;

    public FileOutcomeNotifier(Notifier notifier) {
        this.notifier = notifier;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailureHandledEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeFailureHandledEvent handled) {
            Exchange e = handled.getExchange();
            Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            if (cause instanceof FileFailed failed) notifier.fileFailed(failed.route(), failed.getMessage());
        } else if (event instanceof CamelEvent.ExchangeCompletedEvent completed) {
            Exchange e = completed.getExchange();
            if ("DONE".equals(e.getProperty(HotFolderProcessor.OUTCOME, String.class)) && e.getFromRouteId() != null) {
                notifier.fileSucceeded(e.getFromRouteId());
            }
        }
    }
}
