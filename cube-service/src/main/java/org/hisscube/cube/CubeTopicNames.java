package org.hisscube.cube;

import java.util.List;
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

    /** Topics written by the topology, dead-letter topics included. */
    public List<String> produced() {
        return List.of(frames, spectra, targets, deadLetterOf(rawFiles), deadLetterOf(frames),
                deadLetterOf(spectra));
    }
}
