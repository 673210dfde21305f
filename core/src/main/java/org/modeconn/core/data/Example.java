package org.modeconn.core.data;

/** One labelled example: a text, or a text pair (pair non-null), and its class index. */
public record Example(String text, String pair, int label) {
}
