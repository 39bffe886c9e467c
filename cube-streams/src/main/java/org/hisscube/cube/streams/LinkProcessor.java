package org.hisscube.cube.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.hisscube.contracts.Topics;
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.SpectrumIngested;
import org.hisscube.contracts.events.TargetUpdated;
import org.jboss.logging.Logger;

/**
 * The spatial index and the linking, per HEALPix order-10 cell. A frame is added to the cells it covers and every
 * target of the cell whose position it contains is re-linked; a spectrum is added to its cell and its target
 * re-linked. Either arrival order ends in the same target: whichever file completes the five bands triggers the
 * build, and a later epoch (frame or spectrum) makes a new version. An event seen before changes nothing.
 */
final class LinkProcessor extends ContextualProcessor<Long, LinkItem, String, Outgoing> {
    private static final Logger LOG = Logger.getLogger(LinkProcessor.class);
    private final CubeTopicNames topics;
    private final TargetLinker linker;
    private final CubeMetrics metrics;
    private final DeadLetterMaker dlq;
    private final Transient retry;
    private KeyValueStore<Long, CellContents.Frames> frames;
    private KeyValueStore<Long, CellContents.Spectra> spectra;
    private KeyValueStore<Long, TargetState> targets;
    private long waiting;

    LinkProcessor(CubeTopicNames topics, TargetLinker linker, CubeMetrics metrics, DeadLetterMaker dlq,
            Transient retry) {
        this.topics = topics;
        this.linker = linker;
        this.metrics = metrics;
        this.dlq = dlq;
        this.retry = retry;
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        super.init(context);
        frames = context.getStateStore(CubeTopology.CELL_FRAMES_STORE);
        spectra = context.getStateStore(CubeTopology.CELL_SPECTRA_STORE);
        targets = context.getStateStore(CubeTopology.TARGETS_STORE);
        try (KeyValueIterator<Long, TargetState> it = targets.all()) {
            while (it.hasNext()) {
                KeyValue<Long, TargetState> kv = it.next();
                if (kv.value.status() == TargetState.Status.WAITING) {
                    waiting++;
                }
            }
        }
        metrics.waitingTargets(waiting);
    }

    @Override
    public void process(Record<Long, LinkItem> record) {
        long cell = record.key();
        LinkItem item = record.value();
        List<Long> affected = new ArrayList<>();
        CellContents.Spectra inCell = orEmpty(spectra.get(cell));
        if (item.frame() != null) {
            FrameIngested f = item.frame();
            CellContents.Frames before = orEmpty(frames.get(cell));
            CellContents.Frames after = before.with(f);
            if (after == before) {
                return;
            }
            frames.put(cell, after);
            TreeSet<Long> ids = new TreeSet<>();
            for (SpectrumIngested s : inCell.spectra()) {
                ids.add(s.healpix15());
            }
            for (long id : ids) {
                List<SpectrumIngested> group = inCell.ofTarget(id);
                SpectrumIngested first = TargetLinker.first(group);
                if (TargetLinker.contains(f, first.ra(), first.dec())) {
                    affected.add(id);
                }
            }
        } else {
            SpectrumIngested s = item.spectrum();
            CellContents.Spectra after = inCell.with(s);
            if (after == inCell) {
                return;
            }
            spectra.put(cell, after);
            inCell = after;
            affected.add(s.healpix15());
        }
        List<FrameIngested> cellFrames = orEmpty(frames.get(cell)).frames();
        for (long id : affected) {
            relink(id, inCell.ofTarget(id), cellFrames, item, record.timestamp());
        }
    }

    private void relink(long id, List<SpectrumIngested> group, List<FrameIngested> cellFrames, LinkItem trigger,
            long timestamp) {
        TargetState before = targets.get(id);
        TargetLinker.Outcome o;
        try {
            o = retry.call("linking target " + id, () -> linker.link(id, group, cellFrames, before));
        } catch (RuntimeException e) {
            if (!Refusals.isRefusal(e)) {
                metrics.processingFailed("link", e.getClass().getSimpleName());
                LOG.errorf(e, "linking target %d failed, not the input's fault: %s; the record is not committed and"
                        + " will be processed again", id, e);
                throw e;
            }
            String source = trigger.frame() != null ? topics.frames() : topics.spectra();
            String key = trigger.frame() != null ? trigger.frame().fileId() : trigger.spectrum().fileId();
            byte[] payload = trigger.frame() != null ? Topics.FRAMES.encode(trigger.frame())
                    : Topics.SPECTRA.encode(trigger.spectrum());
            String code = e instanceof RefusedInputException r ? r.causeCode() : "malformed_event";
            context().forward(dlq.of(source, key, payload, new RefusedInputException(code,
                    "target " + id + " could not be linked: " + e.getMessage(), e)).record(timestamp));
            return;
        }
        if (!o.changed()) {
            return;
        }
        targets.put(id, o.state());
        boolean wasWaiting = before != null && before.status() == TargetState.Status.WAITING;
        boolean isWaiting = o.state().status() == TargetState.Status.WAITING;
        if (isWaiting) {
            metrics.linkWait();
        }
        if (wasWaiting != isWaiting) {
            waiting += isWaiting ? 1 : -1;
            metrics.waitingTargets(waiting);
        }
        if (o.state().status() == TargetState.Status.REFUSED) {
            metrics.target("refused");
            LOG.infof("target %d refused: %s", id, o.state().reasons());
        }
        TargetUpdated event = o.event();
        if (event != null) {
            metrics.target(event.version() == 1 ? "created" : "updated");
            metrics.rawToTarget(System.currentTimeMillis() - timestamp);
            LOG.infof("target %d version %d: %s (%d frames, %d spectra)", id, event.version(), event.targetKey(),
                    event.frameFileIds().size(), event.spectrumFileIds().size());
            context().forward(new Outgoing(topics.targets(), Long.toString(id), Topics.TARGETS.encode(event))
                    .record(timestamp));
        }
    }

    private static CellContents.Frames orEmpty(CellContents.Frames f) {
        return f == null ? CellContents.Frames.empty() : f;
    }

    private static CellContents.Spectra orEmpty(CellContents.Spectra s) {
        return s == null ? CellContents.Spectra.empty() : s;
    }
}
