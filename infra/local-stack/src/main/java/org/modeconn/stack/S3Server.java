package org.modeconn.stack;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real S3 API server (S3Proxy) on loopback, storing objects as files under the data directory
 * (the nio2 filesystem backend: the plain one lists fake directory entries). Signed requests only.
 */
final class S3Server implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String endpoint;

    private S3Server(S3Proxy proxy, BlobStoreContext context, String endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    static S3Server start(Path dataDir, int port, String accessKey, String secretKey) throws IOException {
        Path root = dataDir.resolve("s3");
        Files.createDirectories(root);
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", root.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2")
                .overrides(props)
                // The filesystem backend ignores these, but jclouds insists on an identity.
                .credentials("local", "local")
                .build(BlobStoreContext.class);
        String endpoint = "http://127.0.0.1:" + port;
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create(endpoint))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            context.close();
            throw e;
        } catch (Exception e) {
            context.close();
            throw new IOException("S3Proxy failed to start on port " + port, e);
        }
        return new S3Server(proxy, context, endpoint);
    }

    String endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
