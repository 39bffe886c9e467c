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
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hisscube.contracts.KafkaConnection;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FetchRequested;
import java.net.URI;
import org.hisscube.fetcher.catalog.SkyServerQuery;
import org.hisscube.fetcher.watch.FolderCatalogWatch;
import org.hisscube.fetcher.watch.SkyServerCatalogWatch;
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

    @Inject
    KafkaConnection kafka;

    @Inject
    @Channel("fetch-requests-out")
    MutinyEmitter<byte[]> requests;

    private ScheduledExecutorService timer;
    private volatile WatchPositions positions;

    void start(@Observes StartupEvent event) {
        if (config.watch().folder().isEmpty() && config.watch().skyserverSql().isEmpty()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "catalog-watch"));
        timer.execute(this::setUp);
    }

    /** Connects and loads the positions; on failure (Kafka not up yet) tries again a little later. */
    private void setUp() {
        try {
            setUpWatches();
        } catch (RuntimeException e) {
            LOG.errorf(e, "catalog watch %s could not start; trying again in 10 s", config.watch().id());
            if (positions != null) {
                positions.close();
                positions = null;
            }
            timer.schedule(this::setUp, 10, TimeUnit.SECONDS);
        }
    }

    private void setUpWatches() {
        positions = new WatchPositions(kafka);
        {
            long every = config.watch().interval().toMillis();
            config.watch().folder().ifPresent(folder -> {
                FolderCatalogWatch watch = new FolderCatalogWatch(config.watch().id(), Path.of(folder), positions,
                        this::publish);
                schedule(watch::poll, "folder " + folder, every);
            });
            config.watch().skyserverSql().ifPresent(sql -> {
                SkyServerCatalogWatch watch = new SkyServerCatalogWatch(config.watch().id(),
                        new SkyServerQuery(URI.create(config.skyserverUrl())), sql,
                        config.watch().skyserverStartMjd(), positions, this::publish);
                schedule(watch::poll, "SkyServer query", every);
            });
        }
    }

    private void schedule(Runnable poll, String what, long every) {
        LOG.infof("watching %s for new catalog rows every %d ms", what, every);
        timer.scheduleWithFixedDelay(() -> {
            try {
                poll.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "catalog watch %s (%s) failed this round; trying again in %d ms", config.watch().id(),
                        what, every);
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    private void publish(java.util.List<FetchRequested> list) {
        for (FetchRequested r : list) {
            requests.sendMessageAndAwait(Message.of(Topics.FETCH_REQUESTS.encode(r)).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(r.fileId()).build()));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (positions != null) {
            positions.close();
        }
    }
}
