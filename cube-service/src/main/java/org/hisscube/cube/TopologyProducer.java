package org.hisscube.cube;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.cube.streams.CubeMetrics;
import org.hisscube.cube.streams.CubeTopicNames;
import org.hisscube.cube.streams.CubeTopology;
import org.hisscube.cube.streams.RawFileIngester;
import org.hisscube.cube.streams.RecentInputs;
import org.hisscube.cube.streams.ScratchFolder;
import org.hisscube.cube.streams.TargetLinker;

/** The cube topology ({@link CubeTopology}) on the standard topics, for Quarkus to run. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    @ApplicationScoped
    CubeMetrics metrics(MeterRegistry registry) {
        return new CubeMetrics(registry);
    }

    @Produces
    public Topology topology(ObjectStore store, CubeSettings settings, CubeMetrics metrics) {
        store.ensureBucket();
        ScratchFolder.collect(settings.scratchDir());
        RecentInputs recent = new RecentInputs(settings.cachedFrames());
        RawFileIngester ingester = new RawFileIngester(store, settings.zooms(), settings.scratchDir(), metrics,
                recent);
        TargetLinker linker = new TargetLinker(store, settings.zooms(), settings.scratchDir(), recent).metrics(metrics);
        return CubeTopology.build(new CubeTopology.Parts(CubeTopicNames.standard(), ingester, linker, metrics,
                "cube-service", settings.linkPartitions()));
    }
}
