package org.hisscube.fetcher.catalog;

import java.util.List;
import org.hisscube.contracts.events.FetchRequested;

/**
 * What a list of plates alone gives. A plate names no file: a spectrum needs its MJD and fiber, and a plate may
 * have been observed on several MJDs with up to 1000 fibers each. So nothing can be requested yet; the plates have
 * to be expanded by a plate list lookup first — {@link #lookupSql()} on SkyServer
 * ({@link SkyServerQuery#spectraOfPlates}), whose (plate, mjd, fiberid) rows then go to
 * {@link WorkListPlanner#planSpectra} (or to {@link WorkListPlanner#planObjects}).
 *
 * @param requests   the requests that could be made without a lookup (none: kept so callers handle both alike)
 * @param unexpanded the distinct plates, sorted, that need the lookup
 * @param lookupSql  the SkyServer SQL that lists their spectra (empty if there are no plates)
 */
public record PlatePlan(List<FetchRequested> requests, List<Integer> unexpanded, String lookupSql) {
    public PlatePlan {
        requests = List.copyOf(requests);
        unexpanded = List.copyOf(unexpanded);
    }
}
