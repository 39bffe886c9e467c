package org.hisscube.servicekit;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hisscube.contracts.Topics;

/**
 * Topic names live in {@link Topics}. Channel configuration names them again (mp.messaging.*.topic[s]); this check
 * refuses to start a service whose channels name a topic the catalogue does not know, so a typo can't silently
 * create a new topic.
 */
@ApplicationScoped
public class ChannelTopicsCheck {

    void onStart(@Observes StartupEvent event) {
        List<String> unknown = unknownTopics(ConfigProvider.getConfig());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("channel configuration names topics missing from the Topics catalogue: "
                    + unknown);
        }
    }

    static List<String> unknownTopics(Config config) {
        List<String> unknown = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.") && (name.endsWith(".topic") || name.endsWith(".topics"))) {
                String value = config.getOptionalValue(name, String.class).orElse("");
                for (String topic : value.split(",")) {
                    String t = topic.trim();
                    if (!t.isEmpty() && Topics.byName(t).isEmpty()) {
                        unknown.add(name + "=" + t);
                    }
                }
            }
        }
        return unknown;
    }
}
