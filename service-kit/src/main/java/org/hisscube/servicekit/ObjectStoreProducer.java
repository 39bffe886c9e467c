package org.hisscube.servicekit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreConfig;
import org.hisscube.contracts.store.S3ObjectStore;

/** Makes the one {@link ObjectStore} of a service from {@link ObjectStoreSettings}, metered ({@link MeteredObjectStore}). */
@ApplicationScoped
public class ObjectStoreProducer {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(ObjectStoreSettings settings, io.micrometer.core.instrument.MeterRegistry registry,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.application.name") String service) {
        String access = settings.accessKey().orElseThrow(() -> new IllegalStateException(
                "hisscube.object-store.access-key is not set (environment HISSCUBE_OBJECT_STORE_ACCESS_KEY)"));
        String secret = settings.secretKey().orElseThrow(() -> new IllegalStateException(
                "hisscube.object-store.secret-key is not set (environment HISSCUBE_OBJECT_STORE_SECRET_KEY)"));
        // counted per operation and outcome, bytes read and written: hisscube_<service>_object_store_*
        return new MeteredObjectStore(new S3ObjectStore(new ObjectStoreConfig(settings.endpoint(), access, secret,
                settings.bucket(), settings.region())), registry, service);
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
