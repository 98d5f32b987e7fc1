package io.hookline.common.boundarycheck;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Breaks "Jackson only in common.wire": a mapper of its own, next door to the wire package. */
public final class MapsJsonOutsideWire {
    public String write(Object value) throws Exception {
        return new ObjectMapper().writeValueAsString(value);
    }
}
