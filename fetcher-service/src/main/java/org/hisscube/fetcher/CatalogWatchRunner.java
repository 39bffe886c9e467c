package org.hisscube.fetcher;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.fetcher.watch.FolderCatalogWatch;
import org.hisscube.fetcher.watch.WatchPositions;
import org.jboss.logging.Logger;

/**
 * When {@code hisscube.fetcher.watch.folder} is set: reads that folder of catalog CSVs again every
 * {@code hisscube.fetcher.watch.interval} and publishes fetch requests for rows not handled yet; the position lives in
 * Kafka ({@code fetcher.watch-positions}), so a restarted fetcher goes on where it stopped.
 */
@ApplicationScoped
public class CatalogWatchRunner {
    private static final Logger LOG = Logger.getLogger(CatalogWatchRunner.class);

    @Inject
    FetcherConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    @Channel("fetch-requests-out")
    MutinyEmitter<byte[]> requests;

    private ScheduledExecutorService timer;
    private WatchPositions positions;

    void start(@Observes StartupEvent event) {
        if (config.watch().folder().isEmpty()) {
            return;
        }
        Path folder = Path.of(config.watch().folder().get());
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "catalog-watch"));
        timer.execute(() -> {
            positions = new WatchPositions(bootstrap);
            FolderCatalogWatch watch = new FolderCatalogWatch(config.watch().id(), folder, positions, list -> {
                for (FetchRequested r : list) {
                    requests.sendMessageAndAwait(Message.of(Topics.FETCH_REQUESTS.encode(r)).addMetadata(
                            OutgoingKafkaRecordMetadata.<String>builder().withKey(r.fileId()).build()));
                }
            });
            long every = config.watch().interval().toMillis();
            timer.scheduleWithFixedDelay(() -> {
                try {
                    watch.poll();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "catalog watch %s failed this round; trying again in %d ms", config.watch().id(),
                            every);
                }
            }, 0, every, TimeUnit.MILLISECONDS);
        });
        LOG.infof("watching %s for new catalog rows every %s", folder, config.watch().interval());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (positions != null) {
            positions.close();
        }
    }
}
