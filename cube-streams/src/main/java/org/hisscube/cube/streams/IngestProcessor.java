package org.hisscube.cube.streams;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.json.MalformedEventException;
import org.jboss.logging.Logger;

/**
 * Consumes {@code sdss.raw-files}: each claim check becomes a segment in the store and a {@code FrameIngested} /
 * {@code SpectrumIngested} event. A file already ingested with the same sha256 is skipped (a replay changes
 * nothing). Malformed events and files wrong for good go to {@code sdss.raw-files.dlq}; outages are retried and,
 * like programming errors, stop the record's processing loudly once the retries are spent (counted, never
 * dead-lettered: see {@link Refusals}).
 */
final class IngestProcessor extends ContextualProcessor<String, byte[], String, Outgoing> {
    private static final Logger LOG = Logger.getLogger(IngestProcessor.class);
    private final CubeTopicNames topics;
    private final RawFileIngester ingester;
    private final DeadLetterMaker dlq;
    private final Transient retry;
    private final CubeMetrics metrics;
    private KeyValueStore<String, IngestedFile> ingested;

    IngestProcessor(CubeTopicNames topics, RawFileIngester ingester, DeadLetterMaker dlq, Transient retry,
            CubeMetrics metrics) {
        this.topics = topics;
        this.metrics = metrics;
        this.ingester = ingester;
        this.dlq = dlq;
        this.retry = retry;
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        super.init(context);
        ingested = context.getStateStore(CubeTopology.INGESTED_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata meta = context().recordMetadata().orElseThrow();
        RawFileStored claim;
        try {
            claim = Topics.RAW_FILES.valueSerde().fromBytes(meta.topic(), record.value());
            if (claim == null) {
                throw new MalformedEventException(meta.topic(), RawFileStored.class, "no value (tombstone)", null);
            }
        } catch (MalformedEventException e) {
            context().forward(dlq.of(record, meta, e).record(record.timestamp()));
            return;
        }
        IngestedFile before = ingested.get(claim.fileId());
        if (before != null && before.sha256().equals(claim.sha256())) {
            LOG.debugf("%s already ingested as %s; skipped", claim.fileId(), before.segmentKey());
            return;
        }
        RawFileIngester.Ingested result;
        try {
            RawFileStored c = claim;
            result = retry.call("ingest of " + claim.key(), () -> ingester.ingest(c));
        } catch (RuntimeException e) {
            if (!Refusals.isRefusal(e)) {
                throw failed(claim, e);
            }
            context().forward(dlq.of(record, meta, e).record(record.timestamp()));
            return;
        }
        ingested.put(claim.fileId(), result.file());
        String topic = result.event() instanceof FrameIngested ? topics.frames() : topics.spectra();
        byte[] value = result.event() instanceof FrameIngested f ? Topics.FRAMES.encode(f)
                : Topics.SPECTRA.encode((org.hisscube.contracts.events.SpectrumIngested) result.event());
        context().forward(new Outgoing(topic, result.key(), value).record(record.timestamp()));
    }

    private RuntimeException failed(RawFileStored claim, RuntimeException e) {
        metrics.processingFailed("ingest", e.getClass().getSimpleName());
        LOG.errorf(e, "ingest of %s (%s) failed, not the input's fault: %s; the record is not committed and will be"
                + " processed again", claim.key(), claim.fileId(), e);
        return e;
    }
}
