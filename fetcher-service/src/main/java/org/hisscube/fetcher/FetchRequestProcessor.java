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
import org.hisscube.fetcher.download.AbandonedUploadSweeper;
import org.hisscube.fetcher.download.FetchSettings;
import org.hisscube.fetcher.download.FileFetcher;
import org.hisscube.servicekit.IncomingEvents;
import org.jboss.logging.Logger;

/**
 * Consumes {@code sdss.fetch-requests}, fetches each file into the object store and, once it is stored, emits its
 * {@code RawFileStored} claim check on {@code sdss.raw-files} (keyed by file id). The request is acknowledged only
 * after the claim check is acknowledged by the broker; a file that is wrong for good goes to
 * {@code sdss.fetch-requests.dlq} with its cause. Up to {@code max-concurrency} files download at once.
 *
 * <p>What is retried, how long to wait and when to refuse is the library's {@link
 * org.hisscube.fetcher.download.RetryPolicy}, for the download and the claim check alike: this class only hands it
 * the request and the way to announce ({@link FileFetcher#fetchAndAnnounce}). An outage of the archive, the object
 * store or the broker holds the request unacknowledged (tried again every {@code backoff-max}), so it sends nothing to
 * the dead-letter topic.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // its metrics exist from the start, before the first request (dashboards, alerts)
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
    private AbandonedUploadSweeper sweeper;

    @PostConstruct
    void init() {
        metrics = new FetchMetrics(registry);
        fetcher = new FileFetcher(new FetchSettings(URI.create(config.baseUrl()), config.maxConcurrency(),
                config.requestsPerSecond(), config.connectTimeout(), config.readTimeout(), config.maxAttempts(),
                config.backoffInitial(), config.backoffMax(), config.maxFileBytes(), config.rawPrefix()), store,
                metrics).inMemoryMax(config.inMemoryMaxBytes());
        LOG.infof("fetching from %s into bucket %s under %s", fetcher.settings().baseUrl(), store.bucket(),
                config.rawPrefix());
        sweeper = new AbandonedUploadSweeper(fetcher, config.abandonedUploadAge(), config.abandonedUploadSweep())
                .start();
    }

    @PreDestroy
    void close() {
        sweeper.close();
        fetcher.close();
    }

    @Incoming("fetch-requests")
    @Blocking(ordered = false)
    public CompletionStage<Void> onFetchRequested(Message<byte[]> message) {
        return incoming.handle(Topics.FETCH_REQUESTS, message, (key, request) -> {
            metrics.requestReceived();
            fetcher.fetchAndAnnounce(request, this::announce);
        });
    }

    /** Sends the claim check keyed by file id; returns once the broker has acknowledged it. */
    private void announce(RawFileStored stored) {
        rawFiles.sendMessageAndAwait(Message.of(Topics.RAW_FILES.encode(stored))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(stored.fileId()).build()));
    }
}
