package org.hisscube.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hisscube.contracts.events.CatalogWatchAdvanced;
import org.hisscube.contracts.events.Event;
import org.hisscube.contracts.events.EventDeadLettered;
import org.hisscube.contracts.events.FeaturesComputed;
import org.hisscube.contracts.events.FetchRequested;
import org.hisscube.contracts.events.FileKind;
import org.hisscube.contracts.events.FrameIngested;
import org.hisscube.contracts.events.Modality;
import org.hisscube.contracts.events.ModelEvaluated;
import org.hisscube.contracts.events.ModelPublished;
import org.hisscube.contracts.events.RawFileStored;
import org.hisscube.contracts.events.SpectrumIngested;
import org.hisscube.contracts.events.TargetUpdated;
import org.hisscube.contracts.json.MalformedEventException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventSerdeTest {
    private static final Instant T = Instant.parse("2026-11-28T10:00:00.123456Z");
    private static final String SHA = "bf9b06592207c082" + "0".repeat(48);

    /** One example of every event, each paired with the topic that carries it. */
    static Stream<Object[]> everyEvent() {
        return Stream.of(
                new Object[] {Topics.FETCH_REQUESTS, new FetchRequested("e1", 1, T, "frame-r-002820-3-0122",
                        FileKind.FRAME, "eboss/photoObj/frames/301/2820/3/frame-r-002820-3-0122.fits.bz2",
                        Map.of("run", "2820", "camcol", "3"), 3331436L, SHA, "catalog.csv")},
                new Object[] {Topics.RAW_FILES, new RawFileStored("e2", 1, T, "spec-3126-54804-0211", FileKind.SPECTRUM,
                        "hisscube", "raw/sdss/spectro/redux/26/spectra/lite/3126/spec-3126-54804-0211.fits", SHA,
                        175680, "http://127.0.0.1:1/x", Map.of("plate", "3126"))},
                new Object[] {Topics.FRAMES, new FrameIngested("e3", 1, T, "frame-r-002820-3-0122", "r", 2820, 3, 122,
                        52261.123456789012, "hisscube", "cube/images/r/2820-3-0122.h5", 4, 10,
                        List.of(4547977L, 4547980L), Map.of("CRVAL1", 38.30199881, "CD1_1", 1.1e-4))},
                new Object[] {Topics.SPECTRA, new SpectrumIngested("e4", 1, T, "spec-3126-54804-0211", 3126, 54804,
                        211, 38.301802, -0.13391571, 4657128951L, "STAR", "F5", 1.2e-4, 0, 54804.25, "hisscube",
                        "cube/spectra/3126/54804-0211.h5", 4,
                        "raw/sdss/spectro/redux/26/spectra/lite/3126/spec-3126-54804-0211.fits")},
                new Object[] {Topics.TARGETS, new TargetUpdated("e5", 1, T, 4657128951L, 38.301802, -0.13391571, "STAR",
                        1.2e-4, 2, "hisscube", "cube/targets/4657128951/v2.h5", List.of("u", "g", "r", "i", "z"),
                        List.of("frame-r-002820-3-0122"), List.of("spec-3126-54804-0211"), 4)},
                new Object[] {Topics.EMBEDDINGS, new FeaturesComputed("e6", 1, T, 4657128951L, 2, 0, Modality.MULTI,
                        "STAR", List.of(0.5, -1.25, 3.0), "baseline-1", 3, "train")},
                new Object[] {Topics.MODELS, new ModelPublished("e7", 1, T, "cnn-multi-z0", "cnn", Modality.MULTI, 0, 3,
                        "hisscube", "models/cnn-multi-z0/v3.zip", 1200)},
                new Object[] {Topics.EVALUATIONS, new ModelEvaluated("e8", 1, T, "cnn-multi-z0", 3, Modality.MULTI, 0,
                        Map.of("accuracy", 0.93, "macro_f1", 0.9), 1000, 200, 12.5)},
                new Object[] {Topics.WATCH_POSITIONS, new CatalogWatchAdvanced("e10", 1, T, "folder-watch",
                        "new-objects.csv", 120L, 35)},
                new Object[] {Topics.deadLetterOf(Topics.RAW_FILES), new EventDeadLettered("e9", 1, T, "cube-service",
                        "sdss.raw-files", 3, 42, "k", "AAEC", "frame.fits HDU 2: no sky table", "InvalidSdssFile")});
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shouldRoundTripEveryEventThroughItsTopicSerde(Topic topic, Event event) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), event);
        Object back = topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
        assertThat(back).isEqualTo(event);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"occurredAt\":\"2026-11-28T10:00:00.123456Z\"");
    }

    @Test
    void shouldKeepFloat64TimesAndCoordinatesExactly() {
        FrameIngested f = (FrameIngested) everyEvent().toList().get(2)[1];
        FrameIngested back = Topics.FRAMES.decode(Topics.FRAMES.encode(f));
        assertThat(back.observedMjd()).isEqualTo(52261.123456789012);
    }

    @Test
    void shouldRejectTextThatIsNotJsonNamingTopicAndType() {
        assertThatThrownBy(() -> Topics.RAW_FILES.decode("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("RawFileStored")
                .hasMessageContaining("sdss.raw-files")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void shouldRejectAnEventWithAMissingRequiredField() {
        String json = "{\"eventId\":\"x\",\"schemaVersion\":1,\"occurredAt\":\"2026-11-28T10:00:00Z\","
                + "\"kind\":\"FRAME\",\"sasPath\":\"a/b.fits\"}";
        assertThatThrownBy(() -> Topics.FETCH_REQUESTS.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("missing required field 'fileId'");
    }

    @Test
    void shouldRejectAFutureSchemaVersion() {
        String json = "{\"eventId\":\"x\",\"schemaVersion\":99,\"occurredAt\":\"2026-11-28T10:00:00Z\",\"fileId\":\"f\","
                + "\"kind\":\"FRAME\",\"sasPath\":\"a/b.fits\"}";
        assertThatThrownBy(() -> Topics.FETCH_REQUESTS.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("schemaVersion 99 is not supported");
    }

    @Test
    void shouldRejectWrongTypesAndBadChecksums() {
        String wrongType = "{\"eventId\":\"x\",\"schemaVersion\":\"one\",\"occurredAt\":\"2026-11-28T10:00:00Z\"}";
        assertThatThrownBy(() -> Topics.TARGETS.decode(wrongType.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("schemaVersion");
        RawFileStored ok = (RawFileStored) everyEvent().toList().get(1)[1];
        String badSha = new String(Topics.RAW_FILES.encode(ok), StandardCharsets.UTF_8).replace(SHA, "xyz");
        assertThatThrownBy(() -> Topics.RAW_FILES.decode(badSha.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("sha256 is not 64");
    }

    @Test
    void shouldRejectEmptyValuesAndTrailingGarbage() {
        assertThatThrownBy(() -> Topics.MODELS.decode(new byte[0])).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("empty value");
        ModelPublished m = (ModelPublished) everyEvent().toList().get(6)[1];
        byte[] withTrailer = (new String(Topics.MODELS.encode(m), StandardCharsets.UTF_8) + " {}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Topics.MODELS.decode(withTrailer)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void shouldTolerateUnknownFieldsFromNewerProducers() {
        ModelPublished m = (ModelPublished) everyEvent().toList().get(6)[1];
        String json = new String(Topics.MODELS.encode(m), StandardCharsets.UTF_8).replaceFirst("\\{",
                "{\"addedLater\":true,");
        assertThat(Topics.MODELS.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(m);
    }
}
