package org.hisscube.fetcher.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.testsupport.LocalStackExtension;
import org.hisscube.testsupport.LocalStackExtension.StackConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A folder watch requests only what is new, and remembers where it was in Kafka across restarts. */
@ExtendWith(LocalStackExtension.class)
class FolderCatalogWatchIT {
    static final String HEADER =
            "objid,ra,dec,u,g,r,i,z,run,rerun,camcol,field,specobjid,class,redshift,plate,mjd,fiberid\n";
    static final String FSTAR_1 =
            "1,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,1,STAR,0.0001,3126,54804,211\n";
    static final String FSTAR_2 =
            "1,38.301802,-0.13391571,19.2,18.1,17.9,17.8,17.8,2820,301,3,122,2,STAR,0.0001,3127,54835,622\n";
    static final String OTHER_FIELD =
            "2,49.62,-1.04,17.6,16.1,15.5,15.3,15.2,109,301,1,100,3,STAR,-0.0001,1515,52932,208\n";

    @TempDir
    Path folder;

    @Test
    void shouldRequestOnlyNewRowsAndResumeFromKafkaAfterARestart(StackConfig stack) throws Exception {
        String watchId = "watch-" + System.nanoTime();
        List<List<FetchRequested>> published = new ArrayList<>();
        Files.writeString(folder.resolve("a.csv"), "#Table1\n" + HEADER + FSTAR_1);

        try (WatchPositions positions = new WatchPositions(stack.kafka())) {
            FolderCatalogWatch watch = new FolderCatalogWatch(watchId, folder, positions, published::add);
            assertThat(ids(watch.poll())).containsExactly("frame-g-002820-3-0122", "frame-i-002820-3-0122",
                    "frame-r-002820-3-0122", "frame-u-002820-3-0122", "frame-z-002820-3-0122",
                    "spec-3126-54804-0211");
            assertThat(watch.poll()).as("nothing new").isEmpty();

            // a row still being written (no newline yet) waits for the next poll
            Files.writeString(folder.resolve("a.csv"), FSTAR_2.substring(0, 40), StandardOpenOption.APPEND);
            assertThat(watch.poll()).as("half a row").isEmpty();
            Files.writeString(folder.resolve("a.csv"), FSTAR_2.substring(40), StandardOpenOption.APPEND);
            assertThat(ids(watch.poll())).contains("spec-3127-54835-0622");

            Files.writeString(folder.resolve("b.csv"), HEADER + OTHER_FIELD);
            Files.writeString(folder.resolve("0-notes.csv"), "this file is not a catalog at all\n");
            List<String> second = ids(watch.poll());
            assertThat(second).contains("spec-1515-52932-0208", "frame-r-000109-1-0100")
                    .doesNotContain("spec-3126-54804-0211", "spec-3127-54835-0622");
        }

        // a new fetcher process: the position comes back from Kafka, nothing old is requested again
        Files.writeString(folder.resolve("b.csv"), OTHER_FIELD.replace(",208\n", ",209\n"), StandardOpenOption.APPEND);
        try (WatchPositions positions = new WatchPositions(stack.kafka())) {
            FolderCatalogWatch restarted = new FolderCatalogWatch(watchId, folder, positions, published::add);
            assertThat(ids(restarted.poll())).contains("spec-1515-52932-0209")
                    .doesNotContain("spec-3126-54804-0211", "spec-3127-54835-0622", "spec-1515-52932-0208");
            assertThat(restarted.poll()).isEmpty();
        }
        assertThat(published).hasSize(4);
    }

    private static List<String> ids(List<FetchRequested> requests) {
        return requests.stream().map(FetchRequested::fileId).sorted().toList();
    }
}
