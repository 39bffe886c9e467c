package org.hisscube.servicekit;

import java.util.ArrayList;
import java.util.List;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;

/**
 * The topics a service reads and writes, dead-letter topics included, by their names in the {@link Topics}
 * catalogue. Every service produces one bean of this type; {@link ServiceInfoResource} serves it at {@code /api/info}.
 * A name the catalogue does not know is refused here, so a service with a mistyped declaration does not start.
 *
 * @param consumes topics the service reads
 * @param produces topics the service writes
 */
public record ServiceTopics(List<String> consumes, List<String> produces) {
    public ServiceTopics {
        consumes = checked("consumes", consumes);
        produces = checked("produces", produces);
    }

    /** The declaration from catalogue entries ({@code Topics.RAW_FILES}, {@code Topics.deadLetterOf(...)}). */
    public static ServiceTopics of(List<? extends Topic<?, ?>> consumes, List<? extends Topic<?, ?>> produces) {
        return new ServiceTopics(consumes.stream().map(Topic::name).toList(),
                produces.stream().map(Topic::name).toList());
    }

    private static List<String> checked(String what, List<String> names) {
        if (names == null) {
            throw new IllegalArgumentException(what + " is null; declare an empty list for none");
        }
        List<String> unknown = new ArrayList<>();
        for (String n : names) {
            if (n == null || Topics.byName(n).isEmpty()) {
                unknown.add(n);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + " names topics missing from the Topics catalogue: " + unknown
                    + "; known: " + Topics.all().stream().map(Topic::name).toList());
        }
        return List.copyOf(names);
    }
}
