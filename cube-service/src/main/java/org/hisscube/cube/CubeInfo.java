package org.hisscube.cube;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hisscube.cube.streams.CubeTopicNames;
import org.hisscube.servicekit.ServiceTopics;

/**
 * The topics cube-service reads and writes, served at {@code /api/info} by service-kit's ServiceInfoResource: those of
 * the topology it runs ({@link CubeTopicNames#standard()}, the names {@link TopologyProducer} builds it with).
 */
@Singleton
public class CubeInfo {

    @Produces
    @Singleton
    ServiceTopics topics() {
        CubeTopicNames names = CubeTopicNames.standard();
        return new ServiceTopics(names.consumed(), names.produced());
    }
}
