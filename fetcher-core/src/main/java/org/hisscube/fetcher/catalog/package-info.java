/**
 * Catalog import for the fetcher: SkyServer-style CSV catalogs, HiSS-Cube work lists and SkyServer SQL queries
 * turned into deduplicated, deterministically ordered {@link org.hisscube.contracts.events.FetchRequested} events.
 *
 * <ol>
 *   <li>{@link org.hisscube.fetcher.catalog.CatalogReader} reads one table (a file, a stream, a SkyServer answer)
 *       into {@link org.hisscube.fetcher.catalog.CatalogObject}s. It copes with the quirks of the real catalogs
 *       (see {@code data/PROVENANCE.md}): {@code #Table1} lines, case-insensitive and aliased column names,
 *       numeric {@code specClass}, Excel-rounded object ids, {@code -9999} magnitudes, quoted fields, blank lines.
 *       A malformed row is reported ({@link org.hisscube.fetcher.catalog.RowProblem}) and skipped; the import
 *       goes on.</li>
 *   <li>{@link org.hisscube.fetcher.catalog.CatalogMerger} deduplicates on (plate, mjd, fiberid) across files,
 *       keeps the first-seen values, reports conflicting labels, and keeps objects without identifiers apart.</li>
 *   <li>{@link org.hisscube.fetcher.catalog.WorkListPlanner} turns objects, fields and spectra into
 *       {@code FetchRequested} events, one per file, sorted by file id.</li>
 *   <li>{@link org.hisscube.fetcher.catalog.SkyServerQuery} runs SQL on SkyServer's {@code SqlSearch} endpoint
 *       (only on its configured base URL) and parses the answer with the same reader.</li>
 * </ol>
 *
 * Plain Java: no Kafka and no Quarkus here; the service wires these into its topics.
 */
package org.hisscube.fetcher.catalog;
