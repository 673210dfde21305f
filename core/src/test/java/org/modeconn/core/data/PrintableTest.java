package org.modeconn.core.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrintableTest {

    @Test
    void invisibleCharactersAreEscapedAndVisibleOnesKept() {
        assertEquals("'\\uFEFFsentence'", Printable.quote("\uFEFFsentence"));
        assertEquals("a\\tb\\r\\n\\u0000c", Printable.escape("a\tb\r\n\u0000c"));
        assertEquals("zero\\u200Bwidth no\\u00A0break rtl\\u200Fmark del\\u007F", Printable.escape("zero\u200Bwidth no\u00A0break rtl\u200Fmark del\u007F"));
        assertEquals("back\\\\slash", Printable.escape("back\\slash"), "a backslash is escaped so that escapes are unambiguous");
        assertEquals("café 日本 😀 'quoted' \"double\"", Printable.escape("café 日本 😀 'quoted' \"double\""));
        assertEquals("tag\\uDB40\\uDC01 lone\\uD800", Printable.escape("tag\uDB40\uDC01 lone\uD800"),
                "a supplementary format character as its two units; an unpaired surrogate as itself");
        assertEquals("null", Printable.quote(null));
    }
}
