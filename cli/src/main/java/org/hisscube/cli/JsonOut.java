package org.hisscube.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/** One JSON object per command on stdout; NaN and infinities (missing data) become null. */
final class JsonOut {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOut() {
    }

    static String format(Map<String, Object> fields) {
        Map<String, Object> clean = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> clean.put(k, v instanceof Double d && !Double.isFinite(d) ? null
                : v instanceof Float f && !Float.isFinite(f) ? null : v));
        try {
            return MAPPER.writeValueAsString(clean);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
