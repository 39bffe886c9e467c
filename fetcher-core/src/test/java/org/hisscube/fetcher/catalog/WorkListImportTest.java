package org.hisscube.fetcher.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hisscube.contracts.events.FetchRequested;
import org.junit.jupiter.api.Test;

/** HiSS-Cube's image work list posted like a catalog (as the import endpoint does) asks for five frames per field. */
class WorkListImportTest {

    @Test
    void shouldTurnARunCamcolFieldListIntoFiveFramesPerField() {
        String csv = "run,camcol,field\n4198,5,673\n4198,5,674\n4198,5,673\n";
        CatalogReadResult read = new CatalogReader().read(csv, "images_stripe.csv");
        List<FetchRequested> plan = new WorkListPlanner().plan(CatalogMerger.merge(List.of(read)));
        assertThat(plan).extracting(FetchRequested::fileId).containsExactly(
                "frame-g-004198-5-0673", "frame-g-004198-5-0674", "frame-i-004198-5-0673", "frame-i-004198-5-0674",
                "frame-r-004198-5-0673", "frame-r-004198-5-0674", "frame-u-004198-5-0673", "frame-u-004198-5-0674",
                "frame-z-004198-5-0673", "frame-z-004198-5-0674");
    }
}
