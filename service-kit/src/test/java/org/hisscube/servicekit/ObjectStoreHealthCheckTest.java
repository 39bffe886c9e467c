package org.hisscube.servicekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.hisscube.contracts.store.ObjectStore;
import org.hisscube.contracts.store.ObjectStoreException;
import org.hisscube.testsupport.InMemoryObjectStore;
import org.junit.jupiter.api.Test;

class ObjectStoreHealthCheckTest {

    private static HealthCheckResponse check(ObjectStore store) {
        ObjectStoreHealthCheck c = new ObjectStoreHealthCheck();
        c.store = store;
        return c.call();
    }

    @Test
    void shouldBeUpNamingTheBucketWhileTheBucketExists() {
        InMemoryObjectStore store = new InMemoryObjectStore("hisscube");
        store.ensureBucket();
        HealthCheckResponse r = check(store);
        assertThat(r.getName()).isEqualTo("object-store");
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(r.getData()).get().satisfies(d -> assertThat(d).containsEntry("bucket", "hisscube"));
    }

    @Test
    void shouldBeDownWhileTheBucketIsMissing() {
        HealthCheckResponse r = check(new InMemoryObjectStore("hisscube"));
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(r.getData()).get().satisfies(d -> assertThat(d).containsEntry("bucket", "hisscube"));
    }

    @Test
    void shouldBeDownWithTheErrorWhileTheStoreCannotBeReached() {
        ObjectStore unreachable = (ObjectStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
                    throw new ObjectStoreException("hisscube", null, "connection refused", null);
                });
        HealthCheckResponse r = check(unreachable);
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(r.getData()).get().satisfies(d -> assertThat(String.valueOf(d.get("error")))
                .contains("connection refused"));
    }
}
