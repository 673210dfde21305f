package org.modeconn.core.data;

/**
 * Makes values safe to show in a message: characters that are invisible or that change the layout
 * of a terminal line are written as escapes, so that a message shows exactly what the file holds.
 */
public final class Printable {
    private Printable() {
    }

    /**
     * The value between single quotes, escaped as by {@link #escape(String)}: {@code 'a\tb'}.
     *
     * @param value any text; {@code null} gives {@code null} unquoted
     * @return the quoted, escaped value
     */
    public static String quote(String value) {
        return value == null ? "null" : "'" + escape(value) + "'";
    }

    /**
     * The text with a backslash written {@code \\}, tab, LF and CR as {@code \t}, {@code \n},
     * {@code \r}, and every other control, format (BOM, zero-width space, direction marks), line or
     * paragraph separator, space other than U+0020 (no-break space and the like) and unpaired
     * surrogate as {@code \}{@code uXXXX}; a supplementary character of those kinds is written as its
     * two UTF-16 units. Everything else is kept.
     *
     * @param text any text
     * @return the escaped text
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int units = Character.charCount(cp);
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (invisible(cp)) {
                        for (int u = i; u < i + units; u++) {
                            out.append(String.format("\\u%04X", (int) text.charAt(u)));
                        }
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
            i += units;
        }
        return out.toString();
    }

    private static boolean invisible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            case Character.SPACE_SEPARATOR -> cp != ' ';
            default -> false;
        };
    }
}
