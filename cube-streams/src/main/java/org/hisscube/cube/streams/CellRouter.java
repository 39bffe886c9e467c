package org.hisscube.cube.streams;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.SpectrumIngested;
import org.hisscube.contracts.json.MalformedEventException;

/**
 * Keys segment events by sky region for the linker: a frame once per HEALPix order-10 cell it covers, a spectrum in
 * the order-10 cell that holds its target. Unreadable events become dead letters of their topic; any other failure
 * propagates (see {@link Refusals}).
 */
final class CellRouter extends ContextualProcessor<String, byte[], Long, LinkItem> {
    private final CubeTopicNames topics;
    private final DeadLetterMaker dlq;

    CellRouter(CubeTopicNames topics, DeadLetterMaker dlq) {
        this.topics = topics;
        this.dlq = dlq;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata meta = context().recordMetadata().orElseThrow();
        try {
            if (meta.topic().equals(topics.frames())) {
                FrameIngested f = Topics.FRAMES.valueSerde().fromBytes(meta.topic(), record.value());
                if (f == null || f.healpixOrder() != LinkItem.CELL_ORDER || !RawFileIngester.isCompleteWcs(f.wcs())) {
                    throw new MalformedEventException(meta.topic(), FrameIngested.class, f == null ? "no value"
                            : "needs order-" + LinkItem.CELL_ORDER + " cells and a complete WCS (finite "
                                    + RawFileIngester.WCS_KEYS + ")", null);
                }
                for (long cell : f.healpixCells()) {
                    context().forward(new Record<>(cell, LinkItem.of(f), record.timestamp()));
                }
            } else {
                SpectrumIngested s = Topics.SPECTRA.valueSerde().fromBytes(meta.topic(), record.value());
                if (s == null) {
                    throw new MalformedEventException(meta.topic(), SpectrumIngested.class, "no value", null);
                }
                context().forward(new Record<>(LinkItem.cellOf(s.healpix15()), LinkItem.of(s), record.timestamp()));
            }
        } catch (MalformedEventException e) {
            // only the input's fault is dead-lettered; anything else fails the stream thread (see Refusals)
            Outgoing letter = dlq.of(record, meta, e);
            context().forward(new Record<>(-1L, LinkItem.deadLetter(letter), record.timestamp()));
        }
    }
}
