package org.hisscube.cube.streams;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.hisscube.contracts.Topic;
import org.hisscube.contracts.Topics;

/**
 * The topics the cube topology reads and writes. {@link #standard()} takes them from the {@link Topics} catalogue;
 * {@link #prefixed(String)} gives an isolated copy (tests run several independent cubes on one broker).
 *
 * @param rawFiles claim checks of raw files (input)
 * @param frames   image segments written (output of ingest, input of linking)
 * @param spectra  spectrum segments written (output of ingest, input of linking)
 * @param targets  targets built or updated (output)
 */
public record CubeTopicNames(String rawFiles, String frames, String spectra, String targets) {

    public static CubeTopicNames standard() {
        return new CubeTopicNames(Topics.RAW_FILES.name(), Topics.FRAMES.name(), Topics.SPECTRA.name(),
                Topics.TARGETS.name());
    }

    public CubeTopicNames prefixed(String prefix) {
        return new CubeTopicNames(prefix + rawFiles, prefix + frames, prefix + spectra, prefix + targets);
    }

    /** The dead-letter topic of one of the topics. */
    public static String deadLetterOf(String topic) {
        return topic + Topic.DEAD_LETTER_SUFFIX;
    }

    /** Topics read by the topology. */
    public List<String> consumed() {
        return List.of(rawFiles, frames, spectra);
    }

    /**
     * The topics to create for an isolated cube (tests, benchmarks): the consumed ones with {@code partitions}
     * partitions, the rest with one; replication factor 1 (a one-broker cluster).
     */
    public List<NewTopic> newTopics(int partitions) {
        List<NewTopic> l = new ArrayList<>();
        consumed().forEach(t -> l.add(new NewTopic(t, partitions, (short) 1)));
        produced().stream().filter(t -> !consumed().contains(t)).forEach(t -> l.add(new NewTopic(t, 1, (short) 1)));
        return l;
    }

    /** Topics written by the topology, dead-letter topics included. */
    public List<String> produced() {
        return List.of(frames, spectra, targets, deadLetterOf(rawFiles), deadLetterOf(frames),
                deadLetterOf(spectra));
    }
}
