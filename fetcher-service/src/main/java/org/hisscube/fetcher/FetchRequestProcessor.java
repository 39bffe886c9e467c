package org.hisscube.fetcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.fetcher.download.FetchSettings;
import org.hisscube.fetcher.download.FetcherException;
import org.hisscube.fetcher.download.FileFetcher;
import org.hisscube.servicekit.IncomingEvents;
import org.jboss.logging.Logger;

/**
 * Consumes {@code sdss.fetch-requests}, fetches each file into the object store and, once it is stored, emits its
 * {@code RawFileStored} claim check on {@code sdss.raw-files} (keyed by file id). The request is acknowledged only
 * after the claim check is acknowledged by the broker; a file that cannot be fetched goes to
 * {@code sdss.fetch-requests.dlq} with its cause. Up to {@code max-concurrency} files download at once.
 */
@ApplicationScoped
public class FetchRequestProcessor {
    private static final Logger LOG = Logger.getLogger(FetchRequestProcessor.class);

    @Inject
    FetcherConfig config;

    @Inject
    ObjectStore store;

    @Inject
    IncomingEvents incoming;

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel("raw-files")
    MutinyEmitter<byte[]> rawFiles;

    private FileFetcher fetcher;
    private FetchMetrics metrics;

    @PostConstruct
    void init() {
        metrics = new FetchMetrics(registry);
        fetcher = new FileFetcher(new FetchSettings(URI.create(config.baseUrl()), config.maxConcurrency(),
                config.requestsPerSecond(), config.connectTimeout(), config.readTimeout(), config.maxAttempts(),
                config.backoffInitial(), config.backoffMax(), config.maxFileBytes(), config.rawPrefix()), store,
                metrics);
        LOG.infof("fetching from %s into bucket %s under %s", fetcher.settings().baseUrl(), store.bucket(),
                config.rawPrefix());
    }

    @PreDestroy
    void close() {
        fetcher.close();
    }

    @Incoming("fetch-requests")
    @Blocking(ordered = false)
    public CompletionStage<Void> onFetchRequested(Message<byte[]> message) {
        return incoming.handle(Topics.FETCH_REQUESTS, message, (key, request) -> {
            metrics.requestReceived();
            fetchUntilDoneOrRefused(request);
        });
    }

    /**
     * Only a file that is wrong for good (404, not FITS, outside the base URL, repeatedly corrupt) is refused and
     * dead-lettered. While the archive, the object store or the broker are unreachable the request stays
     * unacknowledged and is tried again at the longest backoff, so an outage sends nothing to the dead-letter topic.
     */
    private void fetchUntilDoneOrRefused(org.hisscube.contracts.events.FetchRequested request) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                RawFileStored stored = fetcher.fetch(request);
                rawFiles.sendMessageAndAwait(Message.of(Topics.RAW_FILES.encode(stored))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(stored.fileId()).build()));
                return;
            } catch (FetcherException e) {
                if (e.permanent()) {
                    throw e;
                }
                LOG.warnf("%s; trying again in %s", e.getMessage(), config.backoffMax());
            } catch (RuntimeException e) {
                LOG.warnf("%s: could not announce the stored file (%s); trying again in %s", request.fileId(),
                        e.getMessage(), config.backoffMax());
            }
            try {
                Thread.sleep(config.backoffMax().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new IllegalStateException(request.fileId() + ": interrupted (shutting down); it will be fetched again");
    }
}
