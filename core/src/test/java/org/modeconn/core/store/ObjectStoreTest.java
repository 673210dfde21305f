package org.modeconn.core.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modeconn.stack.LocalStack;
import org.modeconn.stack.SharedLocalStack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the real S3 server of the local stack. */
class ObjectStoreTest {
    private static ObjectStore store;

    @BeforeAll
    static void connect() throws IOException {
        LocalStack.Endpoints e = SharedLocalStack.get(List.of()).endpoints();
        store = ObjectStore.connect(new ObjectStore.Config(e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey(),
                "store-test", null));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** A deterministic stream of pseudo-random bytes that is never held in memory as a whole. */
    private static InputStream randomStream(long size, long seed) {
        Random random = new Random(seed);
        return new InputStream() {
            long left = size;
            final byte[] chunk = new byte[1];

            @Override
            public int read() {
                return read(chunk, 0, 1) < 0 ? -1 : chunk[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] tmp = new byte[n];
                random.nextBytes(tmp);
                System.arraycopy(tmp, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    private static String independentSha(long size, long seed) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = randomStream(size, seed)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void hundredMegabyteBlobRoundTripsWithVerifiedChecksum(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        long size = 100L * 1000 * 1000;
        BlobRef ref;
        try (InputStream in = randomStream(size, 42)) {
            ref = store.put("blobs/large.bin", in, size);
        }
        assertEquals(size, ref.bytes());
        assertEquals(independentSha(size, 42), ref.sha256(), "the reference carries the SHA-256 of what was sent");

        Path copy = store.download(ref, dir.resolve("large.bin"));
        assertEquals(size, Files.size(copy));
        assertEquals(ref.sha256(), Sha256.of(copy));
        store.delete("blobs/large.bin");
        assertFalse(store.exists("blobs/large.bin"));
    }

    @Test
    void streamOfUnknownLengthIsUploadedInParts() throws Exception {
        long size = ObjectStore.PART_SIZE + 12345;
        BlobRef ref;
        try (InputStream in = randomStream(size, 7)) {
            ref = store.put("blobs/unknown-length.bin", in, -1);
        }
        assertEquals(size, ref.bytes());
        assertEquals(independentSha(size, 7), ref.sha256());
        try (InputStream in = store.open(ref)) {
            assertEquals(size, in.transferTo(java.io.OutputStream.nullOutputStream()));
        }
    }

    @Test
    void aReadThatDoesNotMatchTheReferenceFails() throws Exception {
        BlobRef ref = store.putBytes("blobs/small.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), store.readBytes(ref));

        // Someone replaces the object behind the reference.
        store.putBytes("blobs/small.txt", "jello".getBytes(StandardCharsets.UTF_8));
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> store.readBytes(ref));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());

        store.putBytes("blobs/small.txt", "hello!".getBytes(StandardCharsets.UTF_8));
        assertThrows(ChecksumMismatchException.class, () -> store.readBytes(ref), "a length change is caught too");
    }

    @Test
    void statListAndDelete(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.bin");
        Files.write(file, new byte[]{1, 2, 3});
        BlobRef fromFile = store.putFile("list/a/f.bin", file);
        store.putBytes("list/a/g.bin", new byte[]{4});
        store.put("list/b/h.bin", new java.io.ByteArrayInputStream(new byte[]{5, 6}), 2);

        assertEquals(List.of("list/a/f.bin", "list/a/g.bin", "list/b/h.bin"), store.list("list/"));
        assertEquals(List.of("list/a/f.bin", "list/a/g.bin"), store.list("list/a/"));
        ObjectStore.Stat stat = store.stat("list/a/f.bin").orElseThrow();
        assertEquals(3, stat.bytes());
        assertEquals(fromFile, stat.ref().orElseThrow(), "a file upload records its SHA-256 with the object");
        assertTrue(store.stat("list/missing.bin").isEmpty());

        for (String key : store.list("list/")) {
            store.delete(key);
        }
        assertEquals(List.of(), store.list("list/"));
    }

    @Test
    void keysThatEscapeTheirPrefixAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.putBytes("../etc/passwd", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> store.putBytes("/abs", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> store.openUnverified("a/./b"));
    }

    @Test
    void wrongCredentialsGiveAClearError() {
        LocalStack.Endpoints e = SharedLocalStack.get(List.of()).endpoints();
        IOException error = assertThrows(IOException.class, () -> ObjectStore.connect(
                new ObjectStore.Config(e.s3Endpoint(), e.s3AccessKey(), "wrong-secret", "store-test", null)));
        assertTrue(error.getMessage().contains("opening bucket store-test"), error.getMessage());
    }
}
