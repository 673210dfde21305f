package org.modeconn.core.events;

/** Checks made by every event's constructor, so that neither a producer nor a decoder can build a half event. */
final class Required {
    private Required() {
    }

    static void field(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("required field '" + name + "' is missing");
        }
    }
}
